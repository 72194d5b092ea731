import { describe, expect, it } from "vitest";
import { conformalQuantile } from "./conformal.ts";
import { featureImportances } from "./importances.ts";
import { runTasks } from "./parallel/pool.ts";
import { fitScorePredictor, predictScores } from "./predict-scores.ts";
import { runRegressionTable } from "./regression-table.ts";
import { reverseRegression } from "./reverse-regression.ts";
import { friedman1 } from "./synthetic.ts";
import { syntheticRecords } from "./testing.ts";

const records = syntheticRecords({ bases: 24, perBase: 8 });

describe("runRegressionTable", () => {
  it("fills one finite cell per regressor x target with per-fold R^2 and n", async () => {
    const t = await runRegressionTable(records, {
      protocol: "random",
      targets: ["mmlu", "arc"],
      regressors: ["linear", "tree", "knn"],
      workers: 1,
    });
    expect(t.cells).toHaveLength(6);
    for (const c of t.cells) {
      expect(c.folds).toHaveLength(5);
      expect(Number.isFinite(c.r2)).toBe(true);
      expect(c.n).toBe(records.length);
    }
    // Scores are driven by log size, depth and date: a linear model explains most of it.
    const lin = t.cells.find((c) => c.regressor === "linear" && c.target === "mmlu");
    expect(lin?.r2).toBeGreaterThan(0.7);
    expect(t.published.mmlu).toBe(0.81);
  });

  it("grouped and time protocols score lower than random on structure-shared fine-tunes", async () => {
    const opts = { targets: ["mmlu" as const], regressors: ["tree" as const], workers: 1 };
    const random = await runRegressionTable(records, { ...opts, protocol: "random" });
    const grouped = await runRegressionTable(records, { ...opts, protocol: "grouped" });
    const time = await runRegressionTable(records, { ...opts, protocol: "time" });
    expect(grouped.cells[0]?.r2).toBeLessThan(random.cells[0]?.r2 ?? 0);
    expect(Number.isFinite(time.cells[0]?.r2)).toBe(true);
  });

  it("fails clearly on an unknown target, an unknown regressor or an empty filter", async () => {
    await expect(
      runRegressionTable(records, { protocol: "random", targets: ["mmmlu" as "mmlu"] }),
    ).rejects.toThrow(/unknown target 'mmmlu'/);
    await expect(
      runRegressionTable(records, { protocol: "random", regressors: ["rff" as "rf"] }),
    ).rejects.toThrow(/unknown regressor 'rff'/);
    const finetunesOnly = records.filter((r) => r.kind !== "pretrained");
    await expect(
      runRegressionTable(finetunesOnly, { protocol: "random", pretrainedOnly: true, regressors: ["linear"] }),
    ).rejects.toThrow(/pretrained only\): only 0 rows/);
  });
});

describe("worker threads", () => {
  it("give the same results as the serial path", async () => {
    const { X, y } = friedman1(300, 5, 1, 3);
    const Xtest = friedman1(50, 5, 1, 4).X;
    const tasks = (["rf", "gb", "linear"] as const).map((regressor) => ({
      kind: "fit-predict" as const,
      regressor,
      seed: 1,
      X,
      y,
      Xtest,
    }));
    const serial = await runTasks(tasks, { workers: 1 });
    const threaded = await runTasks(tasks, { workers: 2, minCost: 0 });
    expect(threaded.map((r) => (r.kind === "fit-predict" ? Array.from(r.pred) : []))).toEqual(
      serial.map((r) => (r.kind === "fit-predict" ? Array.from(r.pred) : [])),
    );
  });
});

describe("importances and the reverse regression", () => {
  it("rank params_b or depth first for a score driven by size, depth and date, with CIs around the mean", async () => {
    const imp = await featureImportances(records, { target: "mmlu", repeats: 3, workers: 1 });
    const total = imp.impurity.reduce((s, x) => s + x.importance, 0);
    expect(total).toBeCloseTo(1, 10);
    expect(["params_b", "layers", "d_model", "date"]).toContain(imp.permutation[0]?.feature);
    for (const p of imp.permutation) {
      expect(p.ci95[0]).toBeLessThanOrEqual(p.mean);
      expect(p.ci95[1]).toBeGreaterThanOrEqual(p.mean);
    }
    // moe is constant (no MoE model): shuffling it cannot change anything.
    const moe = imp.permutation.find((p) => p.feature === "moe");
    expect(moe?.mean).toBe(0);
  });

  it("predicts structure from the six scores", async () => {
    const rev = await reverseRegression(records, { targets: ["layers", "d_model"], workers: 1 });
    expect(rev.cells).toHaveLength(2);
    expect(rev.importances[0]?.impurity).toHaveLength(6);
    for (const c of rev.cells) expect(Number.isFinite(c.r2)).toBe(true);
  });
});

describe("split-conformal intervals", () => {
  it("the quantile is the ceil((m+1)(1-alpha))-th smallest absolute residual", () => {
    expect(conformalQuantile([5, -1, 2, -4, 3, 0, 7, -6, 8], 0.2)).toBe(7);
    expect(conformalQuantile([1, 2], 0.1)).toBe(Number.POSITIVE_INFINITY);
  });

  it("cover about 1 - alpha of new rows (empirical coverage on 1,000 held-out Friedman rows)", async () => {
    const alpha = 0.2;
    const fit = friedman1(300, 5, 1, 31);
    const cal = friedman1(150, 5, 1, 32);
    const fresh = friedman1(1000, 5, 1, 33);
    const [res] = await runTasks(
      [{ kind: "conformal", seed: 0, X: fit.X, y: fit.y, Xcal: cal.X, ycal: cal.y, Xquery: fresh.X, alpha }],
      { workers: 1 },
    );
    expect(res?.kind).toBe("conformal");
    if (res?.kind !== "conformal") return;
    let covered = 0;
    for (let i = 0; i < 1000; i++)
      if (Math.abs((fresh.y[i] as number) - (res.pred[i] as number)) <= res.q) covered++;
    // Guarantee >= 0.8 in expectation; with 150 calibration rows the realised coverage is 0.8 +- ~0.04.
    expect(covered / 1000).toBeGreaterThan(0.74);
    expect(covered / 1000).toBeLessThan(0.9);
  });

  it("predictScores gives six predictions inside their intervals and the nearest known models", async () => {
    const base = records[0];
    expect(base).toBeDefined();
    if (!base) return;
    const p = await predictScores(base, records, { date: "2024-01", workers: 1 });
    expect(p.scores.map((s) => s.target)).toEqual([
      "arc",
      "hellaswag",
      "mmlu",
      "truthfulqa",
      "winogrande",
      "gsm8k",
    ]);
    for (const s of p.scores) {
      expect(s.lower).toBeLessThan(s.prediction);
      expect(s.upper).toBeGreaterThan(s.prediction);
    }
    expect(p.neighbours).toHaveLength(5);
    expect(p.neighbours[0]?.distance).toBeLessThan(0.5);
    expect(p.features.date).toBe(12);
    await expect(predictScores({ ...base, d_ffn: null }, records, { workers: 1 })).rejects.toThrow(
      /lacks d_ffn/,
    );
  });

  it("a fitted predictor answers every query as predictScores does, with its own alpha, k and date", async () => {
    const [a, b] = records;
    if (!a || !b) throw new Error("fixture has fewer than two records");
    const predictor = await fitScorePredictor(records, { workers: 1 });
    for (const [q, o] of [
      [a, { date: "2024-01" }],
      [b, { date: "2023-08", alpha: 0.2, k: 3 }],
    ] as const) {
      expect(predictor.predict(q, o)).toEqual(await predictScores(q, records, { ...o, workers: 1 }));
    }
    const wide = predictor.predict(a, { date: "2024-01", alpha: 0.05 }).scores;
    const narrow = predictor.predict(a, { date: "2024-01", alpha: 0.5 }).scores;
    for (const [i, w] of wide.entries()) {
      const n = narrow[i];
      expect(w.upper - w.lower).toBeGreaterThanOrEqual((n?.upper ?? 0) - (n?.lower ?? 0));
    }
    // Without a date a query sits at the newest submission among the scored rows, not past them.
    const undated = predictor.predict({ ...a, created_at: null, submitted_at: null });
    expect(undated.warnings.join(" ")).toContain(predictor.defaultDate);
    expect(undated.warnings.join(" ")).not.toMatch(/date = .* outside the data's range/);
  });
});
