import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { V1_BENCHMARKS } from "../contracts/index.ts";
import { benchmarkSpearman } from "./benchmark-correlation.ts";
import { sampleRecords } from "./sample-records.ts";
import { averageRanks, pearson, spearman, spearmanMatrix } from "./spearman.ts";

const PY = "/usr/bin/python3";
const hasScipy = existsSync(PY) && spawnSync(PY, ["-c", "import scipy.stats"]).status === 0;

describe("averageRanks", () => {
  it("gives tied values the mean of the ranks they span and keeps NaN", () => {
    expect(Array.from(averageRanks([10, 20, 20, 30, Number.NaN, 5]))).toEqual([
      2,
      3.5,
      3.5,
      5,
      Number.NaN,
      1,
    ]);
    expect(Array.from(averageRanks([7, 7, 7]))).toEqual([2, 2, 2]);
  });
});

describe("spearman", () => {
  it("matches the value scipy documents for spearmanr([1,2,3,4,5], [5,6,7,8,7])", () => {
    // scipy.stats.spearmanr docstring example: statistic=0.8207826816681233
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).rho).toBeCloseTo(0.8207826816681233, 12);
  });

  it("is 1 / -1 for monotone relations and invariant to monotone transforms", () => {
    const x = [0.1, 3, 2, 8, 5, 13];
    expect(
      spearman(
        x,
        x.map((v) => Math.exp(v)),
      ).rho,
    ).toBeCloseTo(1, 12);
    expect(
      spearman(
        x,
        x.map((v) => -(v ** 3)),
      ).rho,
    ).toBeCloseTo(-1, 12);
  });

  it("drops pairs with a missing value and reports n", () => {
    const r = spearman([1, 2, Number.NaN, 4, 5], [2, 1, 3, Number.NaN, 5]);
    expect(r.n).toBe(3);
    // Kept pairs (1,2) (2,1) (5,5): ranks [1,2,3] vs [2,1,3].
    expect(r.rho).toBeCloseTo(pearson([1, 2, 3], [2, 1, 3]), 12);
    expect(r.rho).toBeCloseTo(0.5, 12);
  });

  it("is NaN for a constant column", () => {
    expect(spearman([1, 1, 1], [1, 2, 3]).rho).toBeNaN();
  });
});

describe("spearmanMatrix", () => {
  it("is symmetric with a unit diagonal on realistic scores", () => {
    const m = benchmarkSpearman(sampleRecords(400, 7));
    expect(m.names).toEqual([...V1_BENCHMARKS]);
    for (let i = 0; i < 6; i++) {
      expect(m.rho[i]?.[i]).toBeCloseTo(1, 12);
      for (let j = 0; j < 6; j++) expect(m.rho[i]?.[j]).toBe(m.rho[j]?.[i]);
    }
    // gsm8k is missing for some rows: its pairs count fewer models.
    const g = V1_BENCHMARKS.indexOf("gsm8k");
    expect(m.n[0]?.[g]).toBeLessThan(m.n[0]?.[0] ?? 0);
  });

  it.skipIf(!hasScipy)(
    "agrees with scipy.stats.spearmanr pairwise (skipped without /usr/bin/python3 + scipy)",
    () => {
      const recs = sampleRecords(300, 11);
      // Round to whole points so that there are many ties, which is where rank averaging matters.
      const cols: Record<string, number[]> = {};
      for (const b of V1_BENCHMARKS)
        cols[b] = recs.map((r) => (r[b] === null ? Number.NaN : Math.round(r[b])));
      const ours = spearmanMatrix(cols);
      const script = [
        "import json, sys, numpy as np",
        "from scipy.stats import spearmanr",
        "cols = json.load(sys.stdin)",
        "names = list(cols)",
        "out = []",
        "for a in names:",
        "  row = []",
        "  for b in names:",
        "    x = np.array(cols[a], dtype=float); y = np.array(cols[b], dtype=float)",
        "    m = ~np.isnan(x) & ~np.isnan(y)",
        "    row.append(float(spearmanr(x[m], y[m]).correlation))",
        "  out.append(row)",
        "print(json.dumps(out))",
      ].join("\n");
      const input = JSON.stringify(cols, (_k, v) => (typeof v === "number" && Number.isNaN(v) ? null : v));
      const res = spawnSync(PY, ["-c", script], { input, encoding: "utf8" });
      expect(res.status, res.stderr).toBe(0);
      const ref = JSON.parse(res.stdout) as number[][];
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 6; j++) expect(ours.rho[i]?.[j]).toBeCloseTo(ref[i]?.[j] ?? 0, 10);
    },
  );
});

if (!hasScipy)
  console.warn("spearman.test: /usr/bin/python3 with scipy not found, scipy cross-check skipped");
