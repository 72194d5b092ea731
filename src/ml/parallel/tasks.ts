import { conformalQuantile } from "../conformal.ts";
import { r2Score } from "../metrics.ts";
import type { Tree } from "../models/cart.ts";
import { RandomForestRegressor } from "../models/random-forest.ts";
import { createRng, shuffleInPlace } from "../random.ts";
import { getRegressor } from "../registry.ts";
import type { Matrix, MatrixRegressorName } from "../types.ts";

/**
 * Units of work that run the same in this thread or in a worker: plain data in, plain data out
 * (typed arrays travel by structured clone).
 */
export type Task =
  | {
      kind: "fit-predict";
      regressor: MatrixRegressorName;
      seed: number;
      X: Matrix;
      y: Float64Array;
      Xtest: Matrix;
    }
  | {
      kind: "permutation";
      seed: number;
      X: Matrix;
      y: Float64Array;
      Xtest: Matrix;
      ytest: Float64Array;
      repeats: number;
    }
  | { kind: "impurity"; seed: number; X: Matrix; y: Float64Array }
  | {
      kind: "conformal";
      seed: number;
      X: Matrix;
      y: Float64Array;
      Xcal: Matrix;
      ycal: Float64Array;
      Xquery: Matrix;
      alpha: number;
    }
  /** Fits the forest and returns it with its calibration residuals, to predict many queries later. */
  | { kind: "conformal-fit"; seed: number; X: Matrix; y: Float64Array; Xcal: Matrix; ycal: Float64Array };

export type TaskResult =
  /** ms: fit + predict wall time in the thread that ran it. */
  | { kind: "fit-predict"; pred: Float64Array; ms: number }
  /** r2: held-out R^2; drops[j * repeats + r]: R^2 lost when column j is shuffled (repeat r). */
  | { kind: "permutation"; r2: number; drops: Float64Array }
  | { kind: "impurity"; importances: Float64Array }
  /** pred: forest prediction per query row; q: half-width of the (1 - alpha) interval. */
  | { kind: "conformal"; pred: Float64Array; q: number }
  /** trees: the fitted forest; residuals: y - prediction on the calibration rows. */
  | { kind: "conformal-fit"; trees: Tree[]; residuals: Float64Array };

/** Relative cost, to hand the longest tasks out first. */
export function taskCost(t: Task): number {
  const n = t.X.rows;
  if (t.kind !== "fit-predict") return 20 * n;
  const weight: Record<MatrixRegressorName, number> = {
    mlp: 40,
    svr: 25,
    rf: 20,
    gb: 6,
    xgb: 6,
    tree: 1,
    knn: 1,
    lasso: 0.5,
    linear: 0.1,
    ridge: 0.1,
  };
  return weight[t.regressor] * n;
}

export function runTask(t: Task): TaskResult {
  switch (t.kind) {
    case "fit-predict": {
      const t0 = performance.now();
      const model = getRegressor(t.regressor).create({ seed: t.seed });
      model.fit(t.X, t.y);
      const pred = model.predict(t.Xtest);
      const disposable = model as { dispose?: () => void };
      disposable.dispose?.();
      return { kind: "fit-predict", pred, ms: performance.now() - t0 };
    }
    case "permutation": {
      const rf = new RandomForestRegressor({ seed: t.seed }).fit(t.X, t.y);
      const base = r2Score(t.ytest, rf.predict(t.Xtest));
      const { rows: n, cols: p } = t.Xtest;
      const rng = createRng(t.seed + 7919);
      const drops = new Float64Array(p * t.repeats);
      const Xp = Float64Array.from(t.Xtest.data);
      const perm = new Int32Array(n);
      for (let j = 0; j < p; j++) {
        for (let r = 0; r < t.repeats; r++) {
          for (let i = 0; i < n; i++) perm[i] = i;
          shuffleInPlace(perm, rng);
          for (let i = 0; i < n; i++) Xp[i * p + j] = t.Xtest.data[(perm[i] as number) * p + j] as number;
          drops[j * t.repeats + r] = base - r2Score(t.ytest, rf.predict({ data: Xp, rows: n, cols: p }));
        }
        for (let i = 0; i < n; i++) Xp[i * p + j] = t.Xtest.data[i * p + j] as number;
      }
      return { kind: "permutation", r2: base, drops };
    }
    case "impurity": {
      const rf = new RandomForestRegressor({ seed: t.seed }).fit(t.X, t.y);
      return { kind: "impurity", importances: rf.featureImportances() };
    }
    case "conformal-fit": {
      const rf = new RandomForestRegressor({ seed: t.seed }).fit(t.X, t.y);
      const cal = rf.predict(t.Xcal);
      const residuals = new Float64Array(cal.length);
      for (let i = 0; i < cal.length; i++) residuals[i] = (t.ycal[i] as number) - (cal[i] as number);
      return { kind: "conformal-fit", trees: rf.trees, residuals };
    }
    case "conformal": {
      const rf = new RandomForestRegressor({ seed: t.seed }).fit(t.X, t.y);
      const cal = rf.predict(t.Xcal);
      const res = new Float64Array(cal.length);
      for (let i = 0; i < cal.length; i++) res[i] = (t.ycal[i] as number) - (cal[i] as number);
      return { kind: "conformal", pred: rf.predict(t.Xquery), q: conformalQuantile(res, t.alpha) };
    }
    default:
      t satisfies never;
      throw new Error("unknown task");
  }
}
