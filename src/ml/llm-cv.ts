import { resolve } from "node:path";
import { V1_BENCHMARKS, type V1Benchmark } from "../contracts/index.ts";
import {
  DEMO_MODEL_DIR,
  fitLlmRegressor,
  type LlmExample,
  type PromptField,
  type Scores,
} from "../probe/index.ts";
import { gemmBackend } from "./blas.ts";
import type { CvCell } from "./cross-validate.ts";
import type { Fold } from "./cv.ts";
import { MlError } from "./errors.ts";
import { mean, r2Score, std } from "./metrics.ts";
import type { TaskRunner } from "./parallel/runner.ts";
import { llmFoldKey } from "./parallel/task-key.ts";
import type { TaskResult } from "./parallel/tasks.ts";
import { createRng, shuffleInPlace } from "./random.ts";

import type { LlmRegressorSettings, Matrix, ProgressFn, Target, TargetRecord } from "./types.ts";

type LlmFoldResult = Extract<TaskResult, { kind: "llm-fold" }>;

/**
 * Defaults of the LLM regressor on the bundled stories260K, chosen by measurement on 2 cores (see the
 * README): each fold trains steps x batch sequences of ~200 tokens (2,000 x 4: about 1.8 epochs of a
 * fold's ~4,400 training rows), then generates ~85 tokens per held-out row. On 2 folds, 300 steps left
 * R^2 near 0 on every benchmark and 900 reached 0.2-0.56; on 5 folds 1,000 steps gave 0.20-0.53 and
 * 2,000 gave 0.26-0.66, the study's range: the model learns to read the prompt's numbers late. The
 * study's own run (LLaMA-2-7B, 3500 steps at 1e-4) is far out of reach on a CPU.
 */
export const LLM_DEFAULTS = { rank: 8, alpha: 16, steps: 2000, lr: 5e-3, batch: 4 } as const;

/** One target's design matrix and folds, with the records its rows come from. */
export interface LlmCvDataset {
  key: Target;
  X: Matrix;
  y: Float64Array;
  folds: Fold[];
  /** Index into the records of each row of X. */
  rows: Int32Array;
  features: readonly string[];
}

/**
 * How much longer an LLM fold takes without OpenBLAS (probe's pure-TypeScript kernel): 2 folds of 100
 * steps and 50 answers took 350.8 s with STRATA_BLAS=none against 45.1 s with OpenBLAS (2 cores).
 */
const LLM_TYPESCRIPT_SLOWDOWN = 7.8;

/**
 * Milliseconds of one thread that one LLM fold takes, for a job's progress (the LLM runs outside the
 * worker pool, with both cores busy): the five folds of `regress --regressors llm` with the defaults
 * took 38.6 min wall on the 2-core machine with OpenBLAS, 463 s a fold, scaled by the training
 * sequences (steps x batch; training is ~90% of a fold).
 */
export function estimatedLlmFoldMs(settings: LlmRegressorSettings = {}): number {
  const s = { ...LLM_DEFAULTS, ...settings };
  const kernel = gemmBackend === "typescript" ? LLM_TYPESCRIPT_SLOWDOWN : 1;
  return kernel * 2 * 463_000 * ((s.steps * s.batch) / (LLM_DEFAULTS.steps * LLM_DEFAULTS.batch));
}

/** The settings that shape a fold's training (what its cache key and fitLlmRegressor take). */
function trainingSettings(s: Record<keyof typeof LLM_DEFAULTS, number>) {
  return { steps: s.steps, lr: s.lr, batch: s.batch, rank: s.rank, alpha: s.alpha };
}

/** Targets whose rows (and so folds) are the same share one model per fold. */
export function groupLlmDatasets<D extends { rows: Int32Array }>(datasets: readonly D[]): D[][] {
  const groups: D[][] = [];
  for (const ds of datasets) {
    const g = groups.find((x) => sameRows((x[0] as D).rows, ds.rows));
    if (g) g.push(ds);
    else groups.push([ds]);
  }
  return groups;
}

const isV1 = (t: Target): t is V1Benchmark => (V1_BENCHMARKS as readonly string[]).includes(t);

/** The LLM writes the six v1 scores: any other target is an error. */
export function checkLlmTargets(targets: readonly Target[]): void {
  for (const t of targets) {
    if (!isV1(t))
      throw new MlError(`the LLM regressor writes the six leaderboard v1 scores; it cannot target ${t}`);
  }
}

function fieldsOf(ds: LlmCvDataset, i: number): PromptField[] {
  return ds.features.map((name, j) => ({ name, value: ds.X.data[i * ds.X.cols + j] as number }));
}

/** The six v1 scores of a record, or null when one is missing (such a row cannot be a training text). */
function scoresOf(r: TargetRecord): Scores | null {
  const s = {} as Scores;
  for (const b of V1_BENCHMARKS) {
    const v = r[b];
    if (v === null || v === undefined || !Number.isFinite(v)) return null;
    s[b] = v;
  }
  return s;
}

function sameRows(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Cross-validates the fine-tuned LLM on the same folds as the matrix regressors. Targets whose rows
 * (and so folds) are the same share one model per fold: it writes all six scores at once. Each fold
 * trains fresh adapters on its training rows (those with all six scores), then generates an answer
 * for each held-out row (at most `limit`, a seeded sample); an unreadable score counts as the training
 * mean and is reported in `warnings`.
 */
export async function crossValidateLlm(
  records: readonly TargetRecord[],
  datasets: readonly LlmCvDataset[],
  settings: LlmRegressorSettings,
  opts: {
    seed: number;
    onProgress?: ProgressFn;
    /** Keeps each fold's predictions in the job's results cache (a rerun reads them back). */
    runner?: Pick<TaskRunner, "cached">;
  },
): Promise<{ cells: CvCell<Target>[]; warnings: string[] }> {
  checkLlmTargets(datasets.map((d) => d.key));
  const s = { ...LLM_DEFAULTS, ...settings };
  const modelDir = resolve(s.modelDir ?? DEMO_MODEL_DIR);
  const groups = groupLlmDatasets(datasets);
  const tested = (fold: Fold): Int32Array => {
    if (s.limit === undefined || fold.test.length <= s.limit) return fold.test;
    const pick = shuffleInPlace(Int32Array.from(fold.test), createRng(opts.seed + 31)).slice(0, s.limit);
    return pick.sort();
  };
  // Progress in units of one training sequence: a step is `batch` of them, a generated answer about one.
  const fits = groups.reduce((n, g) => n + (g[0] as LlmCvDataset).folds.length, 0);
  const predictions = groups.reduce(
    (n, g) => n + (g[0] as LlmCvDataset).folds.reduce((m, f) => m + tested(f).length, 0),
    0,
  );
  const total = fits * s.steps * s.batch + predictions;
  let done = 0;
  const warnings: string[] = [];
  const cells: CvCell<Target>[] = [];
  for (const group of groups) {
    const ds = group[0] as LlmCvDataset;
    const foldR2 = group.map(() => new Array<number>(ds.folds.length).fill(Number.NaN));
    let ms = 0;
    for (const [f, fold] of ds.folds.entries()) {
      const examples: LlmExample[] = [];
      for (const i of fold.train) {
        const scores = scoresOf(records[ds.rows[i] as number] as TargetRecord);
        if (scores) examples.push({ fields: fieldsOf(ds, i), scores });
      }
      if (examples.length < fold.train.length) {
        warnings.push(
          `llm fold ${f + 1}: ${fold.train.length - examples.length} training rows lack one of the six scores and were left out of its training text`,
        );
      }
      const where = `llm fold ${f + 1}/${ds.folds.length}`;
      const test = tested(fold);
      const tests = Array.from(test, (i) => fieldsOf(ds, i));
      const trainAndPredict = async (): Promise<LlmFoldResult> => {
        const t0 = performance.now();
        const reg = await fitLlmRegressor(examples, {
          ...trainingSettings(s),
          seed: opts.seed + f,
          modelDir,
          onProgress: (p) => {
            done += s.batch;
            opts.onProgress?.(done, total, `${where}: step ${p.step}/${p.steps}, loss ${p.loss.toFixed(3)}`);
          },
        });
        const pred = new Float64Array(V1_BENCHMARKS.length * test.length);
        let unreadable = 0;
        let unreadableScores = 0;
        for (const [k, fields] of tests.entries()) {
          const p = reg.predict(fields);
          V1_BENCHMARKS.forEach((b, j) => {
            pred[j * test.length + k] = p.scores[b];
          });
          if (p.unparsed.length) {
            unreadable++;
            unreadableScores += p.unparsed.length;
          }
          done++;
          opts.onProgress?.(done, total, `${where}: generating ${k + 1}/${test.length}`);
          if (k % 16 === 15) await new Promise((r) => setImmediate(r));
        }
        return { kind: "llm-fold", pred, unreadable, unreadableScores, ms: performance.now() - t0 };
      };
      const valid = (r: TaskResult): r is LlmFoldResult =>
        r.kind === "llm-fold" &&
        r.pred instanceof Float64Array &&
        r.pred.length === V1_BENCHMARKS.length * test.length &&
        Number.isFinite(r.ms);
      let result: LlmFoldResult;
      if (opts.runner) {
        const key = llmFoldKey({
          model: modelDir,
          settings: trainingSettings(s),
          seed: opts.seed + f,
          examples: JSON.stringify(examples),
          tests: JSON.stringify(tests),
        });
        const before = done;
        const r = await opts.runner.cached(key, valid, trainAndPredict);
        result = r as LlmFoldResult;
        if (done === before) {
          // Answered from the cache: the fold's share of the progress is done at once.
          done += s.steps * s.batch + test.length;
          opts.onProgress?.(done, total, `${where}: from the results cache`);
        }
      } else result = await trainAndPredict();
      const { unreadable, unreadableScores } = result;
      const preds = V1_BENCHMARKS.map((_, j) => result.pred.subarray(j * test.length, (j + 1) * test.length));
      if (unreadable > 0) {
        warnings.push(
          `llm fold ${f + 1}: ${unreadable} of ${test.length} answers had an unreadable score (${unreadableScores} scores), counted as the training mean`,
        );
      }
      if (test.length < fold.test.length) {
        warnings.push(
          `llm fold ${f + 1}: R^2 on ${test.length} of ${fold.test.length} held-out rows (limit)`,
        );
      }
      group.forEach((g, gi) => {
        const j = V1_BENCHMARKS.indexOf(g.key as V1Benchmark);
        const y = Float64Array.from(test, (i) => g.y[i] as number);
        (foldR2[gi] as number[])[f] = r2Score(y, preds[j] as Float64Array);
      });
      ms += result.ms;
    }
    group.forEach((g, gi) => {
      const folds = foldR2[gi] as number[];
      cells.push({ regressor: "llm", key: g.key, r2: mean(folds), std: std(folds), folds, n: g.X.rows, ms });
    });
  }
  return { cells, warnings };
}

/** Fits the LLM regressor on every row with all six scores and saves it (PEFT files + strata-llm.json). */
export async function fitAndSaveLlm(
  records: readonly TargetRecord[],
  ds: LlmCvDataset,
  settings: LlmRegressorSettings & { saveAdapter: string },
  opts: { seed: number; onProgress?: ProgressFn },
): Promise<void> {
  const s = { ...LLM_DEFAULTS, ...settings };
  const examples: LlmExample[] = [];
  for (let i = 0; i < ds.X.rows; i++) {
    const scores = scoresOf(records[ds.rows[i] as number] as TargetRecord);
    if (scores) examples.push({ fields: fieldsOf(ds, i), scores });
  }
  const reg = await fitLlmRegressor(examples, {
    ...trainingSettings(s),
    seed: opts.seed,
    ...(s.modelDir === undefined ? {} : { modelDir: s.modelDir }),
    onProgress: (p) =>
      opts.onProgress?.(
        p.step,
        p.steps,
        `llm on all rows: step ${p.step}/${p.steps}, loss ${p.loss.toFixed(3)}`,
      ),
  });
  reg.save(s.saveAdapter);
}
