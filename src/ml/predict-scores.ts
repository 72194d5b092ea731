import { type ModelRecord, V1_BENCHMARKS, type V1Benchmark } from "../dataset/record.ts";
import { CALIBRATION_FRACTION } from "./conformal.ts";
import { MlError } from "./errors.ts";
import { DEFAULT_FEATURES, featureMatrix, featureValue, monthsSince2023 } from "./features.ts";
import { applyScaler, fitScaler, take, takeRows } from "./matrix.ts";
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

/**
 * The six v1 scores a model with this structure would get, each with a split-conformal (1 - alpha)
 * interval around a Random Forest (75% of the rows fit the forest, 25% calibrate the width), and the
 * k scored models nearest in standardized feature space with their real scores. Intervals are clipped
 * to the score range [0, 100].
 * The query needs every feature (layers, d_model, d_ffn, heads, vocab_size, pos, params_b; kv_heads
 * defaults to heads); the date is `date` (YYYY-MM), else the query's created_at, else the newest month
 * in the records.
 */
export async function predictScores(
  query: ScoreQuery,
  records: readonly ModelRecord[],
  opts: PredictScoresOptions & { workers?: number } = {},
): Promise<ScorePredictions> {
  const alpha = opts.alpha ?? 0.1;
  if (!(alpha > 0 && alpha < 1)) throw new MlError(`alpha must be in (0, 1), got ${alpha}`);
  const k = opts.k ?? 5;
  const seed = opts.seed ?? 0;
  const features: FeatureName[] = [...DEFAULT_FEATURES];
  const warnings: string[] = [];

  // Date of the query, in months since 2023-01.
  let months: number;
  if (opts.date !== undefined) {
    months = monthsSince2023(opts.date);
    if (Number.isNaN(months)) throw new MlError(`--date '${opts.date}' is not a YYYY-MM date`);
  } else {
    months = monthsSince2023(query.created_at ?? query.submitted_at ?? null);
    if (Number.isNaN(months)) {
      const all = featureMatrix(records, { features: ["date"] });
      months = all.months.reduce((a, b) => (Number.isNaN(b) ? a : Math.max(a, b)), Number.NEGATIVE_INFINITY);
      if (!Number.isFinite(months))
        throw new MlError("no dated record to place the query in time; pass a date");
      warnings.push(`no date given: using the newest submission month in the data (${formatMonths(months)})`);
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
  const Xq = { data: q, rows: 1, cols: features.length };

  const tasks: Task[] = [];
  const ns: number[] = [];
  const targets: V1Benchmark[] = [...V1_BENCHMARKS];
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
      kind: "conformal",
      seed,
      X: takeRows(fm.X, fit),
      y: take(y, fit),
      Xcal: takeRows(fm.X, cal),
      ycal: take(y, cal),
      Xquery: Xq,
      alpha,
    });
    ns.push(n);
  }
  const results = await runTasks(tasks, opts.workers === undefined ? {} : { workers: opts.workers });
  const scores: ScorePrediction[] = targets.map((target, i) => {
    const r = results[i];
    if (r?.kind !== "conformal") throw new MlError("internal: conformal task returned the wrong result");
    const pred = r.pred[0] as number;
    // Scores are percentages: clipping the interval to [0, 100] keeps its coverage.
    return {
      target,
      prediction: pred,
      lower: Math.max(SCORE_MIN, pred - r.q),
      upper: Math.min(SCORE_MAX, pred + r.q),
      n: ns[i] as number,
    };
  });

  // Nearest known models: records with at least one v1 score and every feature.
  const scored = records.filter((r) => targets.some((t) => r[t] !== null));
  const all = featureMatrix(scored, { features });
  const scaler = fitScaler(all.X);
  const z = applyScaler(Xq, scaler);
  for (let j = 0; j < features.length; j++) {
    const lo = Math.min(...columnRange(all.X.data, all.X.cols, j, all.X.rows));
    const v = q[j] as number;
    const hi = Math.max(...columnRange(all.X.data, all.X.cols, j, all.X.rows));
    if (all.X.rows > 0 && (v < lo || v > hi)) {
      warnings.push(
        `${features[j]} = ${v} is outside the data's range [${lo}, ${hi}]: trees extrapolate flat`,
      );
    }
  }
  const knn = new KNeighborsRegressor(k, false).fit(applyScaler(all.X, scaler), new Float64Array(all.X.rows));
  const nb = knn.neighbours(z);
  const neighbours: Neighbour[] = [];
  for (let t = 0; t < nb.k; t++) {
    const rec = scored[all.rows[nb.index[t] as number] as number] as ModelRecord;
    neighbours.push({
      id: rec.id,
      distance: nb.distance[t] as number,
      kind: rec.kind,
      scores: Object.fromEntries(targets.map((tg) => [tg, rec[tg]])) as Record<V1Benchmark, number | null>,
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
}

function columnRange(data: Float64Array, p: number, j: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(data[i * p + j] as number);
  return out;
}

function formatMonths(m: number): string {
  const whole = Math.floor(m);
  return `${2023 + Math.floor(whole / 12)}-${String((whole % 12) + 1).padStart(2, "0")}`;
}
