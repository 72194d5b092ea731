import type { ModelRecord } from "../contracts/index.ts";
import { MlError } from "./errors.ts";
import type {
  FeatureMatrixOptions,
  FeatureMatrixResult,
  FeatureName,
  Target,
  TargetRecord,
} from "./types.ts";

/** The study's predictors: structure, size and date (arXiv 2509.18136, Sec. 4). */
export const DEFAULT_FEATURES: readonly FeatureName[] = [
  "layers",
  "d_model",
  "d_ffn",
  "heads",
  "kv_heads",
  "vocab_size",
  "pos",
  "params_b",
  "moe",
  "date",
];

export const ALL_FEATURES: readonly FeatureName[] = [...DEFAULT_FEATURES, "moe_experts"];

/** Origin of the date feature: months are counted from 2023-01-01. */
const DATE_ORIGIN_YEAR = 2023;

/**
 * Fractional months since 2023-01-01 for an ISO date ("2023-07-15" -> 6.45), or NaN when unparsable.
 * Days count as a fraction of their month.
 */
export function monthsSince2023(iso: string | null | undefined): number {
  // "YYYY-MM" or "YYYY-MM-DD..." read digit by digit: this runs for every record of every design matrix.
  if (!iso || iso.length < 7 || iso.charCodeAt(4) !== 45) return Number.NaN;
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 2);
  if (Number.isNaN(year) || Number.isNaN(month)) return Number.NaN;
  const day = iso.length >= 10 && iso.charCodeAt(7) === 45 ? digits(iso, 8, 2) : Number.NaN;
  const d = Number.isNaN(day) ? 1 : day;
  if (month < 1 || month > 12 || d < 1 || d > 31) return Number.NaN;
  return (year - DATE_ORIGIN_YEAR) * 12 + (month - 1) + (d - 1) / daysInMonth(year, month);
}

/** The decimal number written by the `count` characters at `start`, NaN unless all are digits. */
function digits(s: string, start: number, count: number): number {
  let v = 0;
  for (let k = start; k < start + count; k++) {
    const c = s.charCodeAt(k) - 48;
    if (!(c >= 0 && c <= 9)) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

/**
 * The date a record is placed at: created_at when present (a Hub upload date, or the registry's release
 * date of its base: the record's date_source says which), else the leaderboard submission.
 */
export function recordMonths(r: Pick<ModelRecord, "created_at" | "submitted_at">): number {
  const c = monthsSince2023(r.created_at);
  return Number.isNaN(c) ? monthsSince2023(r.submitted_at) : c;
}

type FeatureSource = Pick<
  ModelRecord,
  | "layers"
  | "d_model"
  | "d_ffn"
  | "heads"
  | "kv_heads"
  | "vocab_size"
  | "pos"
  | "params_b"
  | "moe_experts"
  | "is_moe"
  | "created_at"
  | "submitted_at"
>;

/**
 * One feature of one record, NaN when missing. Missing-value rules:
 * - kv_heads absent but heads known -> heads (Hugging Face convention: no num_key_value_heads means
 *   plain multi-head attention);
 * - moe is the is_moe flag (0/1), never missing; moe_experts is 0 for dense models;
 * - date is created_at when known, else submitted_at (months since 2023-01);
 * - everything else missing stays NaN and the row is dropped (or imputed with policy "median").
 */
export function featureValue(r: FeatureSource, f: FeatureName): number {
  switch (f) {
    case "layers":
    case "d_model":
    case "d_ffn":
    case "heads":
    case "vocab_size":
    case "pos":
    case "params_b":
      return num(r[f]);
    case "kv_heads":
      return r.kv_heads === null || r.kv_heads === undefined ? num(r.heads) : num(r.kv_heads);
    case "moe":
      return r.is_moe ? 1 : 0;
    case "moe_experts":
      return r.is_moe ? num(r.moe_experts) : 0;
    case "date":
      return recordMonths(r);
    default:
      f satisfies never;
      return Number.NaN;
  }
}

function num(v: number | null | undefined): number {
  return v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;
}

function groupKey(r: ModelRecord): string {
  return r.imputed_from ?? r.base_model ?? r.id;
}

/**
 * The regression design matrix from records. Rows without the target are dropped; with missing "drop"
 * (the default, as the study) rows with any missing feature are dropped too, counted per reason in
 * `dropped`; with "median" missing features are filled with the column median of the kept rows.
 */
export function featureMatrix(
  records: readonly TargetRecord[],
  opts: FeatureMatrixOptions = {},
): FeatureMatrixResult {
  const features = [...(opts.features ?? DEFAULT_FEATURES)];
  const policy = opts.missing ?? "drop";
  const target: Target | undefined = opts.target;
  const p = features.length;
  const reasons: Record<string, number> = {};
  const bump = (k: string) => {
    reasons[k] = (reasons[k] ?? 0) + 1;
  };
  let noTarget = 0;
  const kept: number[] = [];
  const values: number[] = [];
  const ys: number[] = [];
  const row = new Float64Array(p);
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as TargetRecord;
    if (opts.pretrainedOnly && r.kind !== "pretrained") continue;
    if (target !== undefined) {
      const t = r[target];
      if (t === null || t === undefined || !Number.isFinite(t)) {
        noTarget++;
        continue;
      }
    }
    let missing: string | null = null;
    for (let j = 0; j < p; j++) {
      const v = featureValue(r, features[j] as FeatureName);
      row[j] = v;
      if (Number.isNaN(v) && missing === null) missing = features[j] as string;
    }
    if (missing !== null && policy === "drop") {
      bump(`missing ${missing}`);
      continue;
    }
    kept.push(i);
    for (let j = 0; j < p; j++) values.push(row[j] as number);
    if (target !== undefined) ys.push(r[target] as number);
  }
  const n = kept.length;
  const data = Float64Array.from(values);
  if (policy === "median") imputeMedians(data, n, p);
  const total = Object.values(reasons).reduce((a, b) => a + b, 0);
  const months = new Float64Array(n);
  const groups: string[] = [];
  for (let k = 0; k < n; k++) {
    const r = records[kept[k] as number] as TargetRecord;
    months[k] = recordMonths(r);
    groups.push(groupKey(r));
  }
  return {
    X: { data, rows: n, cols: p },
    y: target === undefined ? null : Float64Array.from(ys),
    features,
    rows: Int32Array.from(kept),
    groups,
    months,
    dropped: { total, reasons, noTarget },
  };
}

/** Replaces NaN entries by the median of their column (0 when a column has no value at all). */
export function imputeMedians(data: Float64Array, n: number, p: number): void {
  for (let j = 0; j < p; j++) {
    const col: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = data[i * p + j] as number;
      if (!Number.isNaN(v)) col.push(v);
    }
    col.sort((a, b) => a - b);
    const med =
      col.length === 0
        ? 0
        : col.length % 2 === 1
          ? (col[(col.length - 1) / 2] as number)
          : ((col[col.length / 2 - 1] as number) + (col[col.length / 2] as number)) / 2;
    for (let i = 0; i < n; i++) if (Number.isNaN(data[i * p + j] as number)) data[i * p + j] = med;
  }
}

/** Throws a clear error when a filter left too few rows to cross-validate. */
export function requireRows(n: number, folds: number, what: string): void {
  if (n < Math.max(folds, 2) * 2) {
    throw new MlError(`${what}: only ${n} rows with all features and the target; need at least ${folds * 2}`);
  }
}
