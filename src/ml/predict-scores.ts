import { type ModelRecord, V1_BENCHMARKS, type V1Benchmark } from "../contracts/index.ts";
import { CALIBRATION_FRACTION, conformalQuantile } from "./conformal.ts";
import { MlError } from "./errors.ts";
import { DEFAULT_FEATURES, featureMatrix, featureValue, monthsSince2023 } from "./features.ts";
import { applyScaler, fitScaler, take, takeRows } from "./matrix.ts";
import { addTreePrediction, type Tree } from "./models/cart.ts";
import { KNeighborsRegressor } from "./models/knn.ts";
import { runTasks } from "./parallel/pool.ts";
import type { Task } from "./parallel/tasks.ts";
import { createRng, shuffleInPlace } from "./random.ts";
import type {
  FeatureName,
  Neighbour,
  PredictScoresOptions,
  ScorePrediction,
  ScorePredictions,
  ScoreQuery,
} from "./types.ts";

const SCORE_MIN = 0;
const SCORE_MAX = 100;

/** Fewest scored rows a target needs before predictScores trusts a forest for it. */
const MIN_ROWS_PER_TARGET = 40;

/** Six Random Forests fitted once, answering any number of queries in microseconds (see fitScorePredictor). */
export interface ScorePredictor {
  /** Scored rows each target's forest and calibration used. */
  readonly rows: Record<V1Benchmark, number>;
  /** Where a query without a date is placed: the newest submission month among the scored rows (YYYY-MM). */
  readonly defaultDate: string;
  predict(query: ScoreQuery, opts?: Omit<PredictScoresOptions, "seed">): ScorePredictions;
}

interface FittedTarget {
  target: V1Benchmark;
  trees: Tree[];
  residuals: Float64Array;
  n: number;
}

/**
 * Fits, for each v1 benchmark, a Random Forest on 75% of the scored rows and keeps the other 25% as
 * split-conformal calibration residuals, plus the standardized feature space of the scored models for
 * the nearest neighbours. Fitting takes seconds (both cores, worker_threads); each predict() after it is
 * instant, with its own alpha, k and date.
 */
export async function fitScorePredictor(
  records: readonly ModelRecord[],
  opts: { seed?: number; workers?: number } = {},
): Promise<ScorePredictor> {
  const seed = opts.seed ?? 0;
  const features: FeatureName[] = [...DEFAULT_FEATURES];
  const targets: V1Benchmark[] = [...V1_BENCHMARKS];
  const tasks: Task[] = [];
  const ns: number[] = [];
  for (const target of targets) {
    const fm = featureMatrix(records, { target, features });
    const n = fm.X.rows;
    if (n < MIN_ROWS_PER_TARGET)
      throw new MlError(`only ${n} scored rows for ${target}; need ${MIN_ROWS_PER_TARGET}`);
    const order = shuffleInPlace(
      Int32Array.from({ length: n }, (_, i) => i),
      createRng(seed),
    );
    const nCal = Math.max(1, Math.round(n * CALIBRATION_FRACTION));
    const cal = order.subarray(0, nCal);
    const fit = order.subarray(nCal);
    const y = fm.y ?? new Float64Array(0);
    tasks.push({
      kind: "conformal-fit",
      seed,
      X: takeRows(fm.X, fit),
      y: take(y, fit),
      Xcal: takeRows(fm.X, cal),
      ycal: take(y, cal),
    });
    ns.push(n);
  }
  const results = await runTasks(tasks, opts.workers === undefined ? {} : { workers: opts.workers });
  const fitted: FittedTarget[] = targets.map((target, i) => {
    const r = results[i];
    if (r?.kind !== "conformal-fit") throw new MlError("internal: conformal task returned the wrong result");
    return { target, trees: r.trees, residuals: r.residuals, n: ns[i] as number };
  });

  // Nearest known models: records with at least one v1 score and every feature.
  const scored = records.filter((r) => targets.some((t) => r[t] !== null));
  const all = featureMatrix(scored, { features });
  const scaler = fitScaler(all.X);
  const scaledAll = applyScaler(all.X, scaler);
  const lo = new Float64Array(features.length).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(features.length).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < all.X.rows; i++) {
    for (let j = 0; j < features.length; j++) {
      const v = all.X.data[i * all.X.cols + j] as number;
      if (v < (lo[j] as number)) lo[j] = v;
      if (v > (hi[j] as number)) hi[j] = v;
    }
  }
  const dateCol = features.indexOf("date");
  const newest = all.X.rows > 0 && dateCol >= 0 ? (hi[dateCol] as number) : Number.NaN;
  if (!Number.isFinite(newest)) throw new MlError("no dated scored record to place a query in time");
  const defaultDate = formatMonths(newest);

  return {
    rows: Object.fromEntries(fitted.map((f) => [f.target, f.n])) as Record<V1Benchmark, number>,
    defaultDate,
    predict(query, o = {}) {
      const alpha = o.alpha ?? 0.1;
      if (!(alpha > 0 && alpha < 1)) throw new MlError(`alpha must be in (0, 1), got ${alpha}`);
      const k = o.k ?? 5;
      const { q, warnings } = queryVector(query, features, o.date, newest);
      const Xq = { data: q, rows: 1, cols: features.length };
      const scores: ScorePrediction[] = fitted.map((f) => {
        const out = new Float64Array(1);
        for (const tree of f.trees) addTreePrediction(tree, Xq, out, 1 / f.trees.length);
        const pred = out[0] as number;
        const half = conformalQuantile(f.residuals, alpha);
        // Scores are percentages: clipping the interval to [0, 100] keeps its coverage.
        return {
          target: f.target,
          prediction: pred,
          lower: Math.max(SCORE_MIN, pred - half),
          upper: Math.min(SCORE_MAX, pred + half),
          n: f.n,
        };
      });
      for (let j = 0; j < features.length; j++) {
        const v = q[j] as number;
        if (all.X.rows > 0 && (v < (lo[j] as number) || v > (hi[j] as number))) {
          warnings.push(
            `${features[j]} = ${v} is outside the data's range [${lo[j]}, ${hi[j]}]: trees extrapolate flat`,
          );
        }
      }
      const knn = new KNeighborsRegressor(k, false).fit(scaledAll, new Float64Array(all.X.rows));
      const nb = knn.neighbours(applyScaler(Xq, scaler));
      const neighbours: Neighbour[] = [];
      for (let t = 0; t < nb.k; t++) {
        const rec = scored[all.rows[nb.index[t] as number] as number] as ModelRecord;
        neighbours.push({
          id: rec.id,
          distance: nb.distance[t] as number,
          kind: rec.kind,
          scores: Object.fromEntries(targets.map((tg) => [tg, rec[tg]])) as Record<
            V1Benchmark,
            number | null
          >,
        });
      }
      return {
        method: "split-conformal",
        alpha,
        features: Object.fromEntries(features.map((f, j) => [f, q[j] as number])),
        scores,
        neighbours,
        warnings,
      };
    },
  };
}

/** The query as a feature vector; its date is `date`, else its own, else `newest` (with a warning). */
function queryVector(
  query: ScoreQuery,
  features: FeatureName[],
  date: string | undefined,
  newest: number,
): { q: Float64Array; warnings: string[] } {
  const warnings: string[] = [];
  let months: number;
  if (date !== undefined) {
    months = monthsSince2023(date);
    if (Number.isNaN(months)) throw new MlError(`--date '${date}' is not a YYYY-MM date`);
  } else {
    months = monthsSince2023(query.created_at ?? query.submitted_at ?? null);
    if (Number.isNaN(months)) {
      months = newest;
      warnings.push(
        `no date given: using the newest submission month of the scored models (${formatMonths(months)})`,
      );
    }
  }
  const source = {
    ...query,
    is_moe: query.is_moe ?? (query.moe_experts !== null && query.moe_experts > 1),
    created_at: null,
    submitted_at: null,
  };
  const q = new Float64Array(features.length);
  const missing: string[] = [];
  features.forEach((f, j) => {
    const v = f === "date" ? months : featureValue(source, f);
    if (Number.isNaN(v)) missing.push(f);
    q[j] = v;
  });
  if (missing.length > 0) {
    throw new MlError(`the structure lacks ${missing.join(", ")}, needed as regression features`);
  }
  return { q, warnings };
}

/**
 * The six v1 scores a model with this structure would get, each with a split-conformal (1 - alpha)
 * interval around a Random Forest (75% of the rows fit the forest, 25% calibrate the width), and the
 * k scored models nearest in standardized feature space with their real scores. Intervals are clipped
 * to the score range [0, 100].
 * The query needs every feature (layers, d_model, d_ffn, heads, vocab_size, pos, params_b; kv_heads
 * defaults to heads); the date is `date` (YYYY-MM), else the query's created_at, else the newest
 * submission month of the scored records. One query: fitScorePredictor for many.
 */
export async function predictScores(
  query: ScoreQuery,
  records: readonly ModelRecord[],
  opts: PredictScoresOptions & { workers?: number } = {},
): Promise<ScorePredictions> {
  const alpha = opts.alpha ?? 0.1;
  if (!(alpha > 0 && alpha < 1)) throw new MlError(`alpha must be in (0, 1), got ${alpha}`);
  // A query that cannot be answered fails before seconds of fitting.
  queryVector(query, [...DEFAULT_FEATURES], opts.date, 0);
  const predictor = await fitScorePredictor(records, {
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.workers === undefined ? {} : { workers: opts.workers }),
  });
  const { seed: _seed, ...rest } = opts;
  return predictor.predict(query, rest);
}

function formatMonths(m: number): string {
  const whole = Math.floor(m);
  return `${2023 + Math.floor(whole / 12)}-${String((whole % 12) + 1).padStart(2, "0")}`;
}
