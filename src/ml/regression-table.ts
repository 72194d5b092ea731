import type { ModelRecord } from "../dataset/record.ts";
import { V1_BENCHMARKS } from "../dataset/record.ts";
import { crossValidate } from "./cross-validate.ts";
import { makeFolds } from "./cv.ts";
import { MlError } from "./errors.ts";
import { DEFAULT_FEATURES, featureMatrix, requireRows } from "./features.ts";
import { getRegressor, REGRESSOR_NAMES } from "./registry.ts";
import type { Protocol, RegressionTable, RegressionTableOptions, Target } from "./types.ts";

/** The study's Random Forest R^2 per benchmark (arXiv 2509.18136, Table 6). */
export const PUBLISHED_RF_R2: Record<Target, number> = {
  arc: 0.75,
  hellaswag: 0.66,
  mmlu: 0.81,
  truthfulqa: 0.58,
  winogrande: 0.73,
  gsm8k: 0.7,
};

export const PROTOCOLS: readonly Protocol[] = ["random", "grouped", "time"];

export function checkTarget(t: string): Target {
  if (!(V1_BENCHMARKS as readonly string[]).includes(t)) {
    throw new MlError(`unknown target '${t}'; one of: ${V1_BENCHMARKS.join(", ")}`);
  }
  return t as Target;
}

/**
 * Cross-validated R^2 of every regressor on every target under one protocol (random, grouped or time
 * K-fold, see makeFolds). Rows come from featureMatrix (rows with a missing feature or target dropped
 * by default, counted in `dropped`); each cell holds the mean and std of the per-fold R^2 and n.
 */
export async function runRegressionTable(
  records: readonly ModelRecord[],
  opts: RegressionTableOptions,
): Promise<RegressionTable> {
  const started = performance.now();
  const targets = (opts.targets ?? [...V1_BENCHMARKS]).map(checkTarget);
  const regressors = opts.regressors ?? [...REGRESSOR_NAMES];
  for (const r of regressors) getRegressor(r);
  if (targets.length === 0) throw new MlError("no target to regress");
  if (regressors.length === 0) throw new MlError("no regressor selected");
  if (!PROTOCOLS.includes(opts.protocol)) throw new MlError(`unknown protocol '${opts.protocol}'`);
  const k = opts.folds ?? 5;
  const seed = opts.seed ?? 0;
  const features = [...(opts.features ?? DEFAULT_FEATURES)];
  const n: Record<string, number> = {};
  const dropped: Record<string, number> = {};
  const datasets = targets.map((target) => {
    const fm = featureMatrix(records, {
      target,
      features,
      ...(opts.missing ? { missing: opts.missing } : {}),
      ...(opts.pretrainedOnly ? { pretrainedOnly: true } : {}),
    });
    requireRows(fm.X.rows, k, `${target}${opts.pretrainedOnly ? " (pretrained only)" : ""}`);
    n[target] = fm.X.rows;
    dropped[target] = fm.dropped.total;
    const folds = makeFolds(opts.protocol, { n: fm.X.rows, groups: fm.groups, months: fm.months }, k, seed);
    return { key: target, X: fm.X, y: fm.y ?? new Float64Array(0), folds };
  });
  const { cells, warnings } = await crossValidate(datasets, regressors, {
    seed,
    ...(opts.workers === undefined ? {} : { workers: opts.workers }),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return {
    protocol: opts.protocol,
    folds: k,
    seed,
    pretrainedOnly: opts.pretrainedOnly === true,
    features,
    targets,
    regressors,
    cells: cells.map((c) => ({
      regressor: c.regressor,
      target: c.key,
      r2: c.r2,
      std: c.std,
      folds: c.folds,
      n: c.n,
      ms: c.ms,
    })),
    n,
    dropped,
    published: PUBLISHED_RF_R2,
    warnings,
    elapsedMs: performance.now() - started,
  };
}

/** The same table under several protocols (e.g. all three side by side), run one after another. */
export async function runRegressionTables(
  records: readonly ModelRecord[],
  opts: Omit<RegressionTableOptions, "protocol"> & { protocols: readonly Protocol[] },
): Promise<RegressionTable[]> {
  const out: RegressionTable[] = [];
  const { protocols, onProgress, ...rest } = opts;
  for (let i = 0; i < protocols.length; i++) {
    const protocol = protocols[i] as Protocol;
    out.push(
      await runRegressionTable(records, {
        ...rest,
        protocol,
        onProgress: (d, t, note) => onProgress?.(i * t + d, t * protocols.length, note ?? protocol),
      }),
    );
  }
  return out;
}
