import { type ModelRecord, V1_BENCHMARKS, type V1Benchmark } from "../contracts/index.ts";
import { selectByStructure } from "../dataset/index.ts";
import { crossValidate } from "./cross-validate.ts";
import { makeFolds } from "./cv.ts";
import { MlError } from "./errors.ts";
import { recordMonths, requireRows } from "./features.ts";
import { runTasks } from "./parallel/pool.ts";
import type { Task } from "./parallel/tasks.ts";
import { getRegressor } from "./registry.ts";
import type { ReverseRegressionOptions, ReverseRegressionResult, ReverseTarget } from "./types.ts";

export const REVERSE_TARGETS: readonly ReverseTarget[] = ["layers", "d_model", "d_ffn", "heads"];

/**
 * The reverse regression of the study: predict layers, d_model, d_ffn and heads from the six v1 scores.
 * Rows need all six scores and the structural target; each target is cross-validated under `protocol`
 * (default random) with `regressors` (default Random Forest), plus Random Forest impurity importances of
 * the six scores fitted on all rows.
 */
export async function reverseRegression(
  all: readonly ModelRecord[],
  opts: ReverseRegressionOptions & { workers?: number } = {},
): Promise<ReverseRegressionResult> {
  const structure = opts.structure ?? "all";
  const records = selectByStructure(all, structure);
  const targets = opts.targets ?? [...REVERSE_TARGETS];
  for (const t of targets) {
    if (!REVERSE_TARGETS.includes(t))
      throw new MlError(`unknown reverse target '${t}'; one of: ${REVERSE_TARGETS.join(", ")}`);
  }
  const regressors = opts.regressors ?? ["rf"];
  for (const r of regressors) getRegressor(r);
  const protocol = opts.protocol ?? "random";
  const k = opts.folds ?? 5;
  const seed = opts.seed ?? 0;
  const scores: V1Benchmark[] = [...V1_BENCHMARKS];
  const datasets = targets.map((target) => {
    const data: number[] = [];
    const y: number[] = [];
    const groups: string[] = [];
    const months: number[] = [];
    for (const r of records) {
      if (opts.pretrainedOnly && r.kind !== "pretrained") continue;
      const t = r[target];
      if (t === null || !Number.isFinite(t)) continue;
      const row = scores.map((s) => r[s]);
      if (row.some((v) => v === null || !Number.isFinite(v))) continue;
      for (const v of row) data.push(v as number);
      y.push(t);
      groups.push(r.imputed_from ?? r.base_model ?? r.id);
      months.push(recordMonths(r));
    }
    const n = y.length;
    requireRows(n, k, `reverse ${target}${opts.pretrainedOnly ? " (pretrained only)" : ""}`);
    const X = { data: Float64Array.from(data), rows: n, cols: scores.length };
    const folds = makeFolds(protocol, { n, groups, months: Float64Array.from(months) }, k, seed);
    return { key: target, X, y: Float64Array.from(y), folds };
  });
  const workers = {
    ...(opts.workers === undefined ? {} : { workers: opts.workers }),
    ...(opts.runner ? { runner: opts.runner } : {}),
  };
  const total = datasets.length * (regressors.length * k + 1);
  let base = 0;
  const { cells } = await crossValidate(datasets, regressors, {
    seed,
    data: "scores",
    ...workers,
    onProgress: (d) => opts.onProgress?.(d, total),
  });
  base = datasets.length * regressors.length * k;
  const tasks: Task[] = datasets.map((ds) => ({ kind: "impurity", seed, X: ds.X, y: ds.y, data: "scores" }));
  const results = await runTasks(tasks, { ...workers, onDone: (d) => opts.onProgress?.(base + d, total) });
  return {
    protocol,
    pretrainedOnly: opts.pretrainedOnly === true,
    structure,
    features: scores,
    cells: cells.map((c) => ({
      regressor: c.regressor,
      target: c.key,
      r2: c.r2,
      std: c.std,
      folds: c.folds,
      n: c.n,
    })),
    importances: datasets.map((ds, i) => {
      const res = results[i];
      const imp = res?.kind === "impurity" ? res.importances : new Float64Array(scores.length);
      return {
        target: ds.key,
        n: ds.X.rows,
        impurity: scores
          .map((s, j) => ({ feature: s, importance: imp[j] as number }))
          .sort((a, b) => b.importance - a.importance),
      };
    }),
  };
}
