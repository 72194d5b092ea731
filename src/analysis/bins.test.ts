import { describe, expect, it } from "vitest";
import type { ModelRecord } from "../contracts/index.ts";
import { quantileSorted } from "./describe.ts";
import { equalFrequencyBins } from "./equal-frequency-bins.ts";
import { sampleRecords } from "./sample-records.ts";
import { scoreVsSize } from "./score-vs-size.ts";
import { spread } from "./stats.ts";

describe("quantiles", () => {
  it("interpolate linearly between order statistics (numpy's default)", () => {
    // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) == [1.75, 2.5, 3.25]
    expect(spread([4, 1, 3, 2])).toEqual({ n: 4, median: 2.5, q1: 1.75, q3: 3.25 });
    expect(quantileSorted(Float64Array.of(10), 0.9)).toBe(10);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });
});

describe("equalFrequencyBins", () => {
  it("cuts 1..100 into ten bins of ten", () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    const { bins, index } = equalFrequencyBins(v, 10);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.n)).toEqual(new Array(10).fill(10));
    expect(bins[0]).toEqual({ lo: 1, hi: 10, n: 10 });
    expect(bins[9]).toEqual({ lo: 91, hi: 100, n: 10 });
    expect(index[0]).toBe(9); // value 100
  });

  it("never splits tied values and skips non-finite ones", () => {
    const v = [7, 7, 7, 7, 7, 7, 1, 2, Number.NaN, 9];
    const { bins, index } = equalFrequencyBins(v, 4);
    for (let i = 0; i < 6; i++) expect(index[i]).toBe(index[0]);
    expect(index[8]).toBe(-1);
    expect(bins.reduce((a, b) => a + b.n, 0)).toBe(9);
    for (let b = 1; b < bins.length; b++) expect(bins[b]?.lo).toBeGreaterThan(bins[b - 1]?.hi ?? 0);
  });

  it("rejects a bad k", () => {
    expect(() => equalFrequencyBins([1, 2], 0)).toThrow(RangeError);
  });
});

describe("scoreVsSize", () => {
  const recs = sampleRecords(600, 3);

  it("gives each group a median inside its IQR per decile, bins ordered by size", () => {
    const stats = scoreVsSize(recs, "mmlu");
    expect(stats.length).toBeGreaterThan(4);
    for (const s of stats) {
      expect(s.q1).toBeLessThanOrEqual(s.median);
      expect(s.median).toBeLessThanOrEqual(s.q3);
      expect(s.params_median).toBeGreaterThanOrEqual(s.lo);
      expect(s.params_median).toBeLessThanOrEqual(s.hi);
    }
    const ft = stats.filter((s) => s.group === "fine-tuned");
    for (let i = 1; i < ft.length; i++) expect(ft[i]?.lo).toBeGreaterThan(ft[i - 1]?.hi ?? 0);
    // The sample's scores rise with size: the largest bin beats the smallest.
    expect(ft[ft.length - 1]?.median).toBeGreaterThan(ft[0]?.median ?? 100);
  });

  it("counts exactly the models of each group with a score and a positive size", () => {
    const stats = scoreVsSize(recs, "gsm8k");
    const eligible = (r: ModelRecord, kinds: string[]) =>
      r.gsm8k !== null && r.params_b !== null && r.params_b > 0 && kinds.includes(r.kind ?? "");
    const count = (g: string) => stats.filter((s) => s.group === g).reduce((a, s) => a + s.n, 0);
    expect(count("pretrained")).toBe(recs.filter((r) => eligible(r, ["pretrained"])).length);
    expect(count("fine-tuned")).toBe(recs.filter((r) => eligible(r, ["fine-tuned", "chat", "merge"])).length);
  });
});
