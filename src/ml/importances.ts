import { selectByStructure } from "../dataset/index.ts";
import { makeFolds } from "./cv.ts";
import { DEFAULT_FEATURES, featureMatrix, requireRows } from "./features.ts";
import { take, takeRows } from "./matrix.ts";
import { mean, std, tQuantile975 } from "./metrics.ts";
import { runTasks } from "./parallel/pool.ts";
import type { Task } from "./parallel/tasks.ts";
import { checkTarget } from "./regression-table.ts";
import type {
  FeatureImportanceOptions,
  FeatureImportances,
  ImpurityImportance,
  PermutationImportance,
  TargetRecord,
} from "./types.ts";

/**
 * Which features the Random Forest relies on for one benchmark:
 * - impurity: a forest fitted on all rows, mean decrease in squared error per feature, normalized to sum
 *   to 1 (sklearn feature_importances_; biased towards features with many distinct values);
 * - permutation: on each of `folds` random held-out folds, a forest fitted on the rest, then each column
 *   of the held-out rows shuffled `repeats` times; the importance is the R^2 lost. The 95% interval is
 *   mean +- t(0.975, m-1) * sd / sqrt(m) over the m = folds x repeats values (repeats within a fold share
 *   the fitted forest, so the interval is somewhat narrower than a fully independent one).
 */
export async function featureImportances(
  all: readonly TargetRecord[],
  opts: FeatureImportanceOptions & { workers?: number },
): Promise<FeatureImportances> {
  const structure = opts.structure ?? "all";
  const records = selectByStructure(all, structure);
  const target = checkTarget(opts.target);
  const features = [...(opts.features ?? DEFAULT_FEATURES)];
  const k = opts.folds ?? 5;
  const repeats = opts.repeats ?? 5;
  const seed = opts.seed ?? 0;
  const fm = featureMatrix(records, {
    target,
    features,
    ...(opts.pretrainedOnly ? { pretrainedOnly: true } : {}),
  });
  requireRows(fm.X.rows, k, `${target}${opts.pretrainedOnly ? " (pretrained only)" : ""}`);
  const y = fm.y ?? new Float64Array(0);
  const folds = makeFolds("random", { n: fm.X.rows }, k, seed);
  const tasks: Task[] = [{ kind: "impurity", seed, X: fm.X, y }];
  for (const f of folds) {
    tasks.push({
      kind: "permutation",
      seed,
      X: takeRows(fm.X, f.train),
      y: take(y, f.train),
      Xtest: takeRows(fm.X, f.test),
      ytest: take(y, f.test),
      repeats,
    });
  }
  const results = await runTasks(tasks, {
    ...(opts.workers === undefined ? {} : { workers: opts.workers }),
    ...(opts.runner ? { runner: opts.runner } : {}),
    onDone: (d, t) => opts.onProgress?.(d, t),
  });
  const impurity: ImpurityImportance[] = [];
  const permValues = features.map(() => [] as number[]);
  const r2s: number[] = [];
  for (const res of results) {
    if (res.kind === "impurity") {
      features.forEach((f, j) => {
        impurity.push({ feature: f, importance: res.importances[j] as number });
      });
    } else if (res.kind === "permutation") {
      r2s.push(res.r2);
      for (let j = 0; j < features.length; j++) {
        for (let r = 0; r < repeats; r++)
          (permValues[j] as number[]).push(res.drops[j * repeats + r] as number);
      }
    }
  }
  const permutation: PermutationImportance[] = features.map((f, j) => {
    const v = permValues[j] as number[];
    const m = mean(v);
    const s = std(v, 1);
    const half = v.length > 1 ? (tQuantile975(v.length - 1) * s) / Math.sqrt(v.length) : 0;
    return { feature: f, mean: m, std: s, ci95: [m - half, m + half] };
  });
  impurity.sort((a, b) => b.importance - a.importance);
  permutation.sort((a, b) => b.mean - a.mean);
  return {
    target,
    n: fm.X.rows,
    pretrainedOnly: opts.pretrainedOnly === true,
    structure,
    impurity,
    permutation,
    r2: mean(r2s),
  };
}
