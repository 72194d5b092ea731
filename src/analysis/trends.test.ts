import { describe, expect, it } from "vitest";
import type { ModelRecord } from "../contracts/index.ts";
import { modelDate } from "./columns.ts";
import { monthlyNewModels } from "./monthly-new-models.ts";
import { pretrainedOverTime } from "./pretrained-over-time.ts";
import { sampleRecords } from "./sample-records.ts";
import { topByLikes, topCategories } from "./top-counts.ts";

const base = sampleRecords(1, 1)[0] as ModelRecord;
const rec = (o: Partial<ModelRecord>): ModelRecord => ({ ...base, ...o });

describe("modelDate", () => {
  it("prefers created_at, falls back to submitted_at, rejects garbage", () => {
    expect(modelDate(rec({ created_at: "2023-05-02T10:00:00Z", submitted_at: "2024-01-01" }))).toEqual({
      date: "2023-05-02",
      source: "created_at",
    });
    expect(modelDate(rec({ created_at: null, submitted_at: "2024-01-09T00:00:00Z" }))?.source).toBe(
      "submitted_at",
    );
    expect(modelDate(rec({ created_at: "unknown", submitted_at: null }))).toBeNull();
  });
});

describe("monthlyNewModels", () => {
  it("counts all / MoE / multimodal per month and zero-fills gaps", () => {
    const r = monthlyNewModels([
      rec({ created_at: "2023-11-30", is_moe: true, multimodal: false }),
      rec({ created_at: null, submitted_at: "2023-11-02", is_moe: false, multimodal: true }),
      rec({ created_at: "2024-02-01", is_moe: false, multimodal: false }),
      rec({ created_at: null, submitted_at: null }),
    ]);
    expect(r.months).toEqual([
      { month: "2023-11", all: 2, moe: 1, multimodal: 1 },
      { month: "2023-12", all: 0, moe: 0, multimodal: 0 },
      { month: "2024-01", all: 0, moe: 0, multimodal: 0 },
      { month: "2024-02", all: 1, moe: 0, multimodal: 0 },
    ]);
    expect(r.dated).toEqual({ created_at: 2, submitted_at: 1 });
    expect(r.undated).toBe(1);
  });

  it("accounts for every record of a realistic sample", () => {
    const recs = sampleRecords(500, 5);
    const r = monthlyNewModels(recs);
    expect(r.months.reduce((a, m) => a + m.all, 0) + r.undated).toBe(500);
    expect(r.months.reduce((a, m) => a + m.moe, 0)).toBe(recs.filter((x) => x.is_moe).length);
  });
});

describe("topCategories / topByLikes", () => {
  it("ranks by count, ties by name, ignoring unknowns", () => {
    const recs = [
      rec({ architecture: "B" }),
      rec({ architecture: "A" }),
      rec({ architecture: "C" }),
      rec({ architecture: "C" }),
      rec({ architecture: null }),
    ];
    const t = topCategories(recs, "architecture", 2);
    expect(t.top).toEqual([
      { name: "C", count: 2, share: 0.5 },
      { name: "A", count: 1, share: 0.25 },
    ]);
    expect(t.known).toBe(4);
    expect(t.distinct).toBe(3);
  });

  it("returns the most liked models first and skips unknown likes", () => {
    const recs = [
      rec({ id: "a", likes: 5 }),
      rec({ id: "b", likes: null }),
      rec({ id: "c", likes: 50 }),
      rec({ id: "d", likes: 5 }),
    ];
    expect(topByLikes(recs, 3).map((m) => m.id)).toEqual(["c", "a", "d"]);
  });
});

describe("pretrainedOverTime", () => {
  it("keeps pretrained models with a score and date, marks the running best", () => {
    const pts = pretrainedOverTime([
      rec({ id: "p1", kind: "pretrained", created_at: "2023-03-01", mmlu: 40 }),
      rec({ id: "p2", kind: "pretrained", created_at: "2023-04-01", mmlu: 35 }),
      rec({ id: "p3", kind: "pretrained", created_at: "2023-05-01", mmlu: 60 }),
      rec({ id: "f", kind: "fine-tuned", created_at: "2023-06-01", mmlu: 90 }),
      rec({ id: "p4", kind: "pretrained", created_at: "2023-06-01", mmlu: null }),
    ]);
    expect(pts.map((p) => [p.id, p.frontier])).toEqual([
      ["p1", true],
      ["p2", false],
      ["p3", true],
    ]);
  });
});
