import type { ModelRecord } from "../contracts/index.ts";
import { type LoadOptions, loadRecords } from "../dataset/index.ts";
import { summarize } from "./describe.ts";

/** Table 1 of the study: the columns it summarises, in its order, with the study's labels. */
export const TABLE1_COLUMNS = [
  { key: "params_b", label: "size" },
  { key: "d_model", label: "d_model" },
  { key: "d_ffn", label: "d_ffn" },
  { key: "heads", label: "heads" },
  { key: "layers", label: "layers" },
  { key: "kv_heads", label: "kv_heads" },
  { key: "vocab_size", label: "vocab_size" },
  { key: "pos", label: "pos" },
  { key: "likes", label: "likes" },
  { key: "downloads", label: "downloads" },
] as const satisfies readonly { key: keyof ModelRecord; label: string }[];

export interface Table1Row {
  /** Record field, e.g. "params_b". */
  column: string;
  /** The study's name for it, e.g. "size" (billions of parameters). */
  label: string;
  /** Models with a value. */
  n: number;
  /** Share of models without a value, 0..1. */
  missing_rate: number;
  mean: number;
  mode: number;
  q1: number;
  q2: number;
  q3: number;
  max: number;
  /** Bias-corrected, as pandas .skew(). */
  skewness: number;
  /** Bias-corrected excess kurtosis, as pandas .kurt(). */
  kurtosis: number;
}

export interface Table1 {
  models: number;
  rows: Table1Row[];
}

/** The study's Table 1 over `records`: per column mean, mode, quartiles, max, skewness, kurtosis, missing rate. */
export function table1(records: readonly ModelRecord[]): Table1 {
  const rows = TABLE1_COLUMNS.map(({ key, label }): Table1Row => {
    const values: number[] = [];
    for (const r of records) {
      const v = r[key];
      if (typeof v === "number" && Number.isFinite(v)) values.push(v);
    }
    const s = summarize(Float64Array.from(values));
    return {
      column: key,
      label,
      n: s.n,
      missing_rate: records.length ? 1 - s.n / records.length : Number.NaN,
      mean: s.mean,
      mode: s.mode,
      q1: s.q1,
      q2: s.q2,
      q3: s.q3,
      max: s.max,
      skewness: s.skewness,
      kurtosis: s.kurtosis,
    };
  });
  return { models: records.length, rows };
}

/** Table 1 of the dataset in `dir`, over the models matching `opts.where` (all by default). */
export async function datasetTable1(
  dir: string,
  opts: LoadOptions = {},
): Promise<Table1 & { where: string[] }> {
  return { ...table1(await loadRecords(dir, opts)), where: opts.where ?? [] };
}
