import { describe, expect, it } from "vitest";
import { emptyRecord, type V2ScoreRow } from "../contracts/index.ts";
import { attachV2Scores } from "./attach-v2-scores.ts";

const row = (id: string, over: Partial<V2ScoreRow>): V2ScoreRow => ({
  id,
  revision: null,
  precision: "bfloat16",
  kind: null,
  architecture: null,
  params_b: null,
  is_merged: false,
  is_moe: false,
  flagged: false,
  likes: null,
  license: null,
  base_model: null,
  uploaded_at: null,
  submitted_at: null,
  ifeval: 50,
  bbh: 30,
  math: 10,
  gpqa: 5,
  musr: 8,
  mmlu_pro: 25,
  average: null,
  ...over,
});

describe("attachV2Scores", () => {
  it("joins by id in any case, keeps the row with the most scores then the latest, nulls elsewhere", () => {
    const recs = [emptyRecord("Org/A"), emptyRecord("org/b"), emptyRecord("org/none")];
    const out = attachV2Scores(recs, [
      row("org/a", { ifeval: 40, math: null, submitted_at: "2024-09-01" }),
      row("org/a", { ifeval: 41, submitted_at: "2024-07-01" }),
      row("org/b", { ifeval: 60, submitted_at: "2024-07-01" }),
      row("org/b", { ifeval: 61, submitted_at: "2024-08-01" }),
    ]);
    expect(out.map((r) => r.id)).toEqual(["Org/A", "org/b", "org/none"]);
    expect(out[0]?.ifeval).toBe(41);
    expect(out[0]?.math).toBe(10);
    expect(out[1]?.ifeval).toBe(61);
    expect(out[2]?.ifeval).toBeNull();
    expect(out[2]?.mmlu_pro).toBeNull();
    expect(recs[0]).not.toHaveProperty("ifeval");
  });
});
