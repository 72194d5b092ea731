import type { Fold } from "./cv.ts";
import { take, takeRows } from "./matrix.ts";
import { mean, r2Score, std } from "./metrics.ts";
import { runTasks } from "./parallel/pool.ts";
import type { TaskRunner } from "./parallel/runner.ts";
import type { Task, TaskData } from "./parallel/tasks.ts";
import type { Matrix, MatrixRegressorName, ProgressFn, RegressorName } from "./types.ts";

/** One design matrix to cross-validate, with its folds. */
export interface CvDataset<K extends string> {
  key: K;
  X: Matrix;
  y: Float64Array;
  folds: Fold[];
}

export interface CvCell<K extends string> {
  regressor: RegressorName;
  key: K;
  r2: number;
  std: number;
  folds: number[];
  n: number;
  ms: number;
}

/**
 * Fits every regressor on every training fold of every dataset and scores R^2 on the held-out fold.
 * All (dataset x regressor x fold) fits are independent, so they are spread over worker threads.
 * A fold whose predictions are not finite is scored with the training mean and reported in `warnings`.
 */
export async function crossValidate<K extends string>(
  datasets: readonly CvDataset<K>[],
  regressors: readonly MatrixRegressorName[],
  opts: { seed: number; workers?: number; runner?: TaskRunner; onProgress?: ProgressFn; data?: TaskData },
): Promise<{ cells: CvCell<K>[]; warnings: string[] }> {
  const tasks: Task[] = [];
  const meta: { d: number; r: number; f: number }[] = [];
  datasets.forEach((ds, d) => {
    regressors.forEach((regressor, r) => {
      ds.folds.forEach((fold, f) => {
        tasks.push({
          kind: "fit-predict",
          regressor,
          seed: opts.seed,
          X: takeRows(ds.X, fold.train),
          y: take(ds.y, fold.train),
          Xtest: takeRows(ds.X, fold.test),
          ...(opts.data ? { data: opts.data } : {}),
        });
        meta.push({ d, r, f });
      });
    });
  });
  const results = await runTasks(tasks, {
    ...(opts.workers === undefined ? {} : { workers: opts.workers }),
    ...(opts.runner ? { runner: opts.runner } : {}),
    onDone: (done, total) => opts.onProgress?.(done, total),
  });
  const warnings: string[] = [];
  const scores = datasets.map((ds) =>
    regressors.map(() => new Array<number>(ds.folds.length).fill(Number.NaN)),
  );
  const times = datasets.map(() => regressors.map(() => 0));
  results.forEach((res, t) => {
    const { d, r, f } = meta[t] as { d: number; r: number; f: number };
    const ds = datasets[d] as CvDataset<K>;
    const fold = ds.folds[f] as Fold;
    if (res.kind !== "fit-predict") return;
    const pred = res.pred;
    (times[d] as number[])[r] = ((times[d] as number[])[r] as number) + res.ms;
    let bad = 0;
    const trainY = take(ds.y, fold.train);
    const fallback = mean(trainY);
    for (let i = 0; i < pred.length; i++) {
      if (!Number.isFinite(pred[i] as number)) {
        pred[i] = fallback;
        bad++;
      }
    }
    if (bad > 0)
      warnings.push(
        `${regressors[r]} on ${ds.key} fold ${f + 1}: ${bad} non-finite predictions replaced by the training mean`,
      );
    ((scores[d] as number[][])[r] as number[])[f] = r2Score(take(ds.y, fold.test), pred);
  });
  const cells: CvCell<K>[] = [];
  datasets.forEach((ds, d) => {
    regressors.forEach((regressor, r) => {
      const folds = (scores[d] as number[][])[r] as number[];
      cells.push({
        regressor,
        key: ds.key,
        r2: mean(folds),
        std: std(folds),
        folds,
        n: ds.X.rows,
        ms: (times[d] as number[])[r] as number,
      });
    });
  });
  return { cells, warnings };
}
