import { describe, expect, it } from "vitest";
import { joinV1, parseV1Results, v1ModelOfPath } from "./leaderboard-v1.ts";
import { v1ResultsFile } from "./mock/fixtures.ts";

describe("leaderboard v1 results files", () => {
  it("reads the six benchmarks the way the leaderboard scored them, in percent", () => {
    const f = v1ResultsFile({
      model: "EleutherAI/pythia-1b",
      sha: "f".repeat(40),
      stamp: "2023-10-04T12-30-00.123456",
      arc: 0.2918,
      hellaswag: 0.4895,
      mmlu: 0.26,
      mmluSpread: 0.002,
      truthfulqa: 0.3871,
      winogrande: 0.5367,
      gsm8k: 0.0205,
    });
    expect(v1ModelOfPath(f.path)).toBe("EleutherAI/pythia-1b");
    const r = parseV1Results(JSON.parse(f.content), f.path);
    expect(r?.id).toBe("EleutherAI/pythia-1b");
    expect(r?.precision).toBe("float16");
    expect(r?.date).toBe("2023-10-04T12:30:00.123456");
    expect(r?.mmluSubjects).toBe(57);
    // arc/hellaswag use acc_norm (the fixture's acc differs), truthfulqa mc2 (mc1 differs), MMLU the subject mean.
    expect(r?.scores.arc).toBeCloseTo(29.18, 9);
    expect(r?.scores.hellaswag).toBeCloseTo(48.95, 9);
    expect(r?.scores.mmlu).toBeCloseTo(26, 9);
    expect(r?.scores.truthfulqa).toBeCloseTo(38.71, 9);
    expect(r?.scores.winogrande).toBeCloseTo(53.67, 9);
    expect(r?.scores.gsm8k).toBeCloseTo(2.05, 9);
  });

  it("leaves MMLU out when subjects are missing, and ignores files without results", () => {
    const f = v1ResultsFile({ model: "a/b", sha: "1".repeat(40), stamp: "2023-10-04T12-30-00", mmlu: 0.3 });
    const doc = JSON.parse(f.content);
    delete doc.results["harness|hendrycksTest-virology|5"];
    const r = parseV1Results(doc, f.path);
    expect(r?.mmluSubjects).toBe(56);
    expect(r?.scores.mmlu).toBeUndefined();
    expect(parseV1Results({ config_general: {} }, f.path)).toBeNull();
    expect(v1ModelOfPath("README.md")).toBeNull();
  });

  it("prefers the crawled revision, then the most complete, then the latest evaluation", () => {
    const mk = (sha: string, stamp: string, extra: object) =>
      parseV1Results(
        JSON.parse(v1ResultsFile({ model: "a/b", sha, stamp, ...extra }).content),
        `a/b/results_${stamp}.json`,
      );
    const old = mk("1".repeat(40), "2023-08-01T00-00-00", { arc: 0.4 });
    const later = mk("1".repeat(40), "2023-12-01T00-00-00", { gsm8k: 0.1 });
    const other = mk("2".repeat(40), "2024-01-01T00-00-00", { arc: 0.9, gsm8k: 0.9, winogrande: 0.9 });
    const files = [old, later, other].filter((x) => x !== null);
    const byRev = joinV1(files, "1".repeat(40));
    expect(byRev?.scores).toEqual({ arc: 40, gsm8k: 10 });
    expect(byRev?.files).toBe(2);
    expect(joinV1(files, null)?.revision).toBe("2".repeat(40));
    expect(joinV1([], null)).toBeNull();
  });
});
