import { STUDY_RF_R2, V1_BENCHMARKS, V2_BENCHMARKS } from "../contracts/index.ts";
import { selectByStructure } from "../dataset/index.ts";

import { crossValidate } from "./cross-validate.ts";
import { makeFolds } from "./cv.ts";
import { MlError } from "./errors.ts";
import { DEFAULT_FEATURES, featureMatrix, requireRows } from "./features.ts";
import {
  checkLlmTargets,
  crossValidateLlm,
  estimatedLlmFoldMs,
  fitAndSaveLlm,
  groupLlmDatasets,
} from "./llm-cv.ts";
import { REGRESSOR_NAMES, regressorInfo } from "./registry.ts";
import type {
  MatrixRegressorName,
  Protocol,
  RegressionTable,
  RegressionTableOptions,
  Target,
  TargetRecord,
} from "./types.ts";

/** Every benchmark a regression can target: the six of leaderboard v1, then the six of v2. */
export const TARGETS: readonly Target[] = [...V1_BENCHMARKS, ...V2_BENCHMARKS];

/** Named groups of targets: `all` and `v1` are the study's six, `v2` leaderboard v2's six. */
export const TARGET_GROUPS: Readonly<Record<"all" | "v1" | "v2", readonly Target[]>> = {
  all: V1_BENCHMARKS,
  v1: V1_BENCHMARKS,
  v2: V2_BENCHMARKS,
};

/** Default seed of folds and seeded regressors, in the CLI and the report: the study's random_state (Table 5). */
export const DEFAULT_SEED = 42;

export const PROTOCOLS: readonly Protocol[] = ["random", "grouped", "time"];

export function checkTarget(t: string): Target {
  if (!(TARGETS as readonly string[]).includes(t)) {
    throw new MlError(`unknown target '${t}'; one of: ${TARGETS.join(", ")}`);
  }
  return t as Target;
}

/**
 * Cross-validated R^2 of every regressor on every target under one protocol (random, grouped or time
 * K-fold, see makeFolds). Rows are first kept by `structure` (selectByStructure, default all), then come
 * from featureMatrix (rows with a missing feature or target dropped
 * by default, counted in `dropped`); each cell holds the mean and std of the per-fold R^2 and n.
 */
export async function runRegressionTable(
  all: readonly TargetRecord[],
  opts: RegressionTableOptions,
): Promise<RegressionTable> {
  const structure = opts.structure ?? "all";
  const records = selectByStructure(all, structure);
  const started = performance.now();
  const targets = (opts.targets ?? [...V1_BENCHMARKS]).map(checkTarget);
  const regressors = opts.regressors ?? [...REGRESSOR_NAMES];
  for (const r of regressors) regressorInfo(r);
  if (targets.length === 0) throw new MlError("no target to regress");
  if (regressors.length === 0) throw new MlError("no regressor selected");
  if (!PROTOCOLS.includes(opts.protocol)) throw new MlError(`unknown protocol '${opts.protocol}'`);
  if (regressors.includes("llm")) checkLlmTargets(targets);
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
    requireRows(
      fm.X.rows,
      k,
      `${target}${opts.pretrainedOnly ? " (pretrained only)" : ""}${structure === "all" ? "" : ` (structure ${structure})`}`,
    );
    n[target] = fm.X.rows;
    dropped[target] = fm.dropped.total;
    const folds = makeFolds(opts.protocol, { n: fm.X.rows, groups: fm.groups, months: fm.months }, k, seed);
    return { key: target, X: fm.X, y: fm.y ?? new Float64Array(0), folds, rows: fm.rows, features };
  });
  const matrixRegressors = regressors.filter((r): r is MatrixRegressorName => r !== "llm");
  const { cells, warnings } = matrixRegressors.length
    ? await crossValidate(datasets, matrixRegressors, {
        seed,
        ...(opts.workers === undefined ? {} : { workers: opts.workers }),
        ...(opts.runner ? { runner: opts.runner } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      })
    : { cells: [], warnings: [] };
  if (regressors.includes("llm")) {
    // The fine-tuned LLM: trained per fold in this thread (its products already use both cores).
    // Its share of a job's progress (the runner's credit) follows its own progress.
    const plannedMs = groupLlmDatasets(datasets).length * k * estimatedLlmFoldMs(opts.llm);
    let credited = 0;
    const llm = await crossValidateLlm(records, datasets, opts.llm ?? {}, {
      seed,
      ...(opts.runner ? { runner: opts.runner } : {}),
      onProgress: (done, total, message) => {
        opts.onProgress?.(done, total, message);
        const due = total > 0 ? (plannedMs * done) / total : 0;
        opts.runner?.credit(due - credited);
        credited = due;
      },
    });
    cells.push(...llm.cells);
    warnings.push(...llm.warnings);
    const save = opts.llm?.saveAdapter;
    const first = datasets[0];
    if (save !== undefined && first) {
      await fitAndSaveLlm(
        records,
        first,
        { ...opts.llm, saveAdapter: save },
        {
          seed,
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        },
      );
    }
  }
  return {
    protocol: opts.protocol,
    folds: k,
    seed,
    pretrainedOnly: opts.pretrainedOnly === true,
    structure,
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
    published: Object.fromEntries(
      targets.flatMap((t) => (t in STUDY_RF_R2 ? [[t, STUDY_RF_R2[t as keyof typeof STUDY_RF_R2]]] : [])),
    ),
    warnings,
    elapsedMs: performance.now() - started,
  };
}

/** The same table under several protocols (e.g. all three side by side), run one after another. */
export async function runRegressionTables(
  records: readonly TargetRecord[],
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
        // The LLM's adapters are saved once, from the first protocol's run.
        ...(rest.llm && i > 0 ? { llm: { ...rest.llm, saveAdapter: undefined } } : {}),
        onProgress: (d, t, note) => onProgress?.(i * t + d, t * protocols.length, note ?? protocol),
      }),
    );
  }
  return out;
}
