import { gemmBackend } from "../blas.ts";
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
/**
 * What a task's rows are, for its cost estimate only: "structure" (the regressions on structure, size and
 * date, where rows repeat) or "scores" (the reverse regression on the six scores, where they do not).
 */
export type TaskData = "structure" | "scores";

export type Task =
  | {
      kind: "fit-predict";
      regressor: MatrixRegressorName;
      seed: number;
      X: Matrix;
      y: Float64Array;
      Xtest: Matrix;
      data?: TaskData;
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
  | { kind: "impurity"; seed: number; X: Matrix; y: Float64Array; data?: TaskData }
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
  /**
   * r2: held-out R^2; drops[j * repeats + r]: R^2 lost when column j is shuffled (repeat r); pred and
   * ms: the forest's held-out predictions and fit + predict time, what a "fit-predict" task of the same
   * forest on the same rows returns.
   */
  | { kind: "permutation"; r2: number; drops: Float64Array; pred: Float64Array; ms: number }
  | { kind: "impurity"; importances: Float64Array }
  /**
   * One fold of the fine-tuned LLM (run outside the threads, kept in the same cache): pred holds the
   * six v1 scores of each held-out row, benchmark by benchmark; unreadable counts the answers with an
   * unreadable score and unreadableScores those scores.
   */
  | { kind: "llm-fold"; pred: Float64Array; unreadable: number; unreadableScores: number; ms: number }
  /** pred: forest prediction per query row; q: half-width of the (1 - alpha) interval. */
  | { kind: "conformal"; pred: Float64Array; q: number }
  /** trees: the fitted forest; residuals: y - prediction on the calibration rows. */
  | { kind: "conformal-fit"; trees: Tree[]; residuals: Float64Array };

/**
 * Milliseconds of one thread per 1,000 training rows for one fit and the prediction of a held-out fifth,
 * measured on the bundled data (4,436 training rows of structure, size and date; 2-core machine, each
 * fit alone on a core; the MLP with OpenBLAS). Forests on data without repeated rows (the reverse regression's scores) take
 * about twice as long per row; the estimate does not know that.
 */
export const FIT_MS_PER_1K_ROWS: Readonly<Record<MatrixRegressorName, number>> = {
  mlp: 144,
  svr: 80,
  rf: 52,
  xgb: 32,
  gb: 17,
  knn: 8.6,
  tree: 5.4,
  lasso: 1.8,
  linear: 1.4,
  ridge: 1,
};

/**
 * The same on rows that do not repeat (the reverse regression's six scores, 5,800 rows), where it
 * differs: trees and neighbours cannot share work between identical rows there (measured for rf, knn
 * and linear; the other trees take rf's factor).
 */
const SCORES_FIT_MS_PER_1K_ROWS: Readonly<Partial<Record<MatrixRegressorName, number>>> = {
  rf: 90,
  xgb: 55,
  gb: 29,
  tree: 9.3,
  knn: 20,
};

/** The MLP's cost with the pure-TypeScript matrix kernel (no OpenBLAS), measured like the table above. */
const MLP_MS_PER_1K_ROWS_TYPESCRIPT = 1110;

/** Milliseconds to predict 1,000 rows with a forest, per shuffled column and repeat (permutation importance). */
const FOREST_PREDICT_MS_PER_1K_ROWS = 4;

/** The estimated time of a task, in milliseconds of one thread: to hand the longest out first, and for progress. */
export function estimatedTaskMs(
  kind: Task["kind"],
  regressor: MatrixRegressorName,
  trainRows: number,
  testRows = 0,
  permutations = 0,
  data: TaskData = "structure",
): number {
  const perRow =
    regressor === "mlp" && gemmBackend === "typescript"
      ? MLP_MS_PER_1K_ROWS_TYPESCRIPT
      : ((data === "scores" ? SCORES_FIT_MS_PER_1K_ROWS[regressor] : undefined) ??
        FIT_MS_PER_1K_ROWS[regressor]);
  const fit = (perRow * trainRows) / 1000;
  if (kind !== "permutation") return fit;
  return fit + (FOREST_PREDICT_MS_PER_1K_ROWS * testRows * permutations) / 1000;
}

export function taskCost(t: Task): number {
  switch (t.kind) {
    case "fit-predict":
      return estimatedTaskMs(t.kind, t.regressor, t.X.rows, 0, 0, t.data);
    case "permutation":
      return estimatedTaskMs(t.kind, "rf", t.X.rows, t.Xtest.rows, t.Xtest.cols * t.repeats);
    case "impurity":
      return estimatedTaskMs(t.kind, "rf", t.X.rows, 0, 0, t.data);
    default:
      return estimatedTaskMs(t.kind, "rf", t.X.rows);
  }
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
      const t0 = performance.now();
      // The registry's forest, so that this fit is the "fit-predict" task's for "rf" (see task-key.ts).
      const rf = getRegressor("rf").create({ seed: t.seed }).fit(t.X, t.y);
      const pred = rf.predict(t.Xtest);
      const ms = performance.now() - t0;
      const base = r2Score(t.ytest, pred);
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
      return { kind: "permutation", r2: base, drops, pred, ms };
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
