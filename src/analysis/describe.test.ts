import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { kurtosis, max, mean, mode, quantile, skewness, summarize } from "./describe.ts";

// x = [2, 4, 4, 4, 5, 5, 7, 9], worked by hand:
//   mean = 40 / 8 = 5; deviations -3 -1 -1 -1 0 0 2 4
//   sum d^2 = 32 -> m2 = 4; sum d^3 = -27 - 3 + 8 + 64 = 42 -> m3 = 5.25;
//   sum d^4 = 81 + 3 + 16 + 256 = 356 -> m4 = 44.5
//   skew (pandas) = sqrt(8 * 7) / 6 * m3 / m2^1.5 = sqrt(56) / 6 * 5.25 / 8
//   kurt (pandas) = 7 / (6 * 5) * (9 * m4 / m2^2 - 3 * 7) = 7 / 30 * (9 * 44.5 / 16 - 21)
//   quantiles (numpy linear), sorted as given: Q1 at h = 1.75 -> 4 + 0.75 * (4 - 4) = 4;
//   Q2 at h = 3.5 -> 4 + 0.5 * (5 - 4) = 4.5; Q3 at h = 5.25 -> 5 + 0.25 * (7 - 5) = 5.5
const x = Float64Array.from([5, 9, 4, 2, 4, 7, 5, 4]);

describe("descriptive statistics on a hand-checked sample", () => {
  it("mean, mode, max and numpy-linear quantiles", () => {
    expect(mean(x)).toBe(5);
    expect(mode(x)).toBe(4);
    expect(max(x)).toBe(9);
    expect(quantile(x, 0.25)).toBe(4);
    expect(quantile(x, 0.5)).toBe(4.5);
    expect(quantile(x, 0.75)).toBe(5.5);
    expect(quantile(x, 0)).toBe(2);
    expect(quantile(x, 1)).toBe(9);
  });

  it("bias-corrected skewness and excess kurtosis as pandas defines them", () => {
    expect(skewness(x)).toBeCloseTo((Math.sqrt(56) / 6) * (5.25 / 8), 12);
    expect(skewness(x)).toBeCloseTo(0.818487553, 8);
    expect(kurtosis(x)).toBeCloseTo((7 / 30) * ((9 * 44.5) / 16 - 21), 12);
    expect(kurtosis(x)).toBeCloseTo(0.940625, 12);
  });

  it("mirrors the sign of skewness and breaks mode ties toward the smallest value", () => {
    expect(skewness(x.map((v) => -v))).toBeCloseTo(-skewness(x), 12);
    expect(kurtosis(x.map((v) => 3 * v + 1))).toBeCloseTo(kurtosis(x), 12);
    expect(mode(Float64Array.from([3, 1, 3, 1, 2]))).toBe(1);
  });

  it("follows pandas on degenerate inputs: NaN when too short, 0 for a constant column", () => {
    expect(mean(new Float64Array())).toBeNaN();
    expect(quantile(new Float64Array(), 0.5)).toBeNaN();
    expect(skewness(Float64Array.from([1, 2]))).toBeNaN();
    expect(kurtosis(Float64Array.from([1, 2, 3]))).toBeNaN();
    expect(skewness(Float64Array.from([7, 7, 7, 7]))).toBe(0);
    expect(kurtosis(Float64Array.from([7, 7, 7, 7]))).toBe(0);
  });
});

const PYTHON = "/usr/bin/python3";
function pythonHas(mods: string[]): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ["-c", `import ${mods.join(", ")}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const hasScipy = pythonHas(["numpy", "scipy"]);
if (!hasScipy) console.warn("skipping the numpy/scipy cross-check: /usr/bin/python3 lacks numpy or scipy");

/** A skewed, heavy-tailed sample shaped like parameter counts: log-normal with repeats. */
function lognormalSample(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
    out[i] = Math.round(Math.exp(1.5 + 1.2 * z) * 10) / 10;
  }
  return out;
}

describe.skipIf(!hasScipy)("against numpy and scipy on 5,000 values", () => {
  it("matches np.mean, np.quantile, scipy.stats skew/kurtosis(bias=False) and mode", () => {
    const sample = lognormalSample(5000, 42);
    const script = [
      "import json, sys, numpy as np, scipy.stats as st",
      "x = np.array(json.load(sys.stdin))",
      "vals, counts = np.unique(x, return_counts=True)",
      "print(json.dumps({'mean': x.mean(), 'q': [float(np.quantile(x, p)) for p in (0.25, 0.5, 0.75)],",
      "  'max': x.max(), 'skew': st.skew(x, bias=False), 'kurt': st.kurtosis(x, bias=False),",
      "  'mode': float(vals[np.argmax(counts)])}))",
    ].join("\n");
    const ref = JSON.parse(
      execFileSync(PYTHON, ["-c", script], { input: JSON.stringify(Array.from(sample)) }).toString(),
    ) as { mean: number; q: number[]; max: number; skew: number; kurt: number; mode: number };
    const s = summarize(sample);
    expect(s.mean).toBeCloseTo(ref.mean, 9);
    expect([s.q1, s.q2, s.q3]).toEqual(ref.q);
    expect(s.max).toBe(ref.max);
    expect(s.mode).toBe(ref.mode);
    expect(Math.abs(s.skewness - ref.skew) / Math.abs(ref.skew)).toBeLessThan(1e-10);
    expect(Math.abs(s.kurtosis - ref.kurt) / Math.abs(ref.kurt)).toBeLessThan(1e-10);
    expect(s.skewness).toBeGreaterThan(1);
  });
});
