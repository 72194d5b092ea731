import type { ModelKind, ModelRecord, V1Benchmark } from "../contracts/index.ts";
import { equalFrequencyBins } from "./equal-frequency-bins.ts";
import { spread } from "./stats.ts";

/** The two groups compared: leaderboard type "pretrained" vs models tuned from a base. */
export type SizeGroup = "pretrained" | "fine-tuned";

/** Kinds counted as fine-tuned; "continued" pretraining and unknown kinds are left out of both groups. */
export const FINE_TUNED_KINDS: readonly ModelKind[] = ["fine-tuned", "chat", "merge"];

export function sizeGroup(kind: ModelKind | null): SizeGroup | null {
  if (kind === "pretrained") return "pretrained";
  if (kind !== null && FINE_TUNED_KINDS.includes(kind)) return "fine-tuned";
  return null;
}

export interface SizeBinStat {
  benchmark: V1Benchmark;
  group: SizeGroup;
  bin: number;
  /** Parameter range of the bin (billions), shared by both groups. */
  lo: number;
  hi: number;
  /** Median params (billions) of this group's models in the bin: where to draw the point. */
  params_median: number;
  n: number;
  median: number;
  q1: number;
  q3: number;
}

/**
 * Score against size: params_b cut into `k` equal-frequency bins (deciles by default) over all models of
 * either group that have the score and a positive params_b; per bin and group the median score and IQR.
 * The cut points are shared by the groups so that their curves compare like with like.
 */
export function scoreVsSize(records: readonly ModelRecord[], benchmark: V1Benchmark, k = 10): SizeBinStat[] {
  const rows = records.filter((r) => {
    const s = r[benchmark];
    return (
      sizeGroup(r.kind) !== null &&
      s !== null &&
      Number.isFinite(s) &&
      r.params_b !== null &&
      Number.isFinite(r.params_b) &&
      r.params_b > 0
    );
  });
  const size = Float64Array.from(rows, (r) => r.params_b as number);
  const { bins, index } = equalFrequencyBins(size, k);
  const out: SizeBinStat[] = [];
  for (const group of ["pretrained", "fine-tuned"] as const) {
    for (let b = 0; b < bins.length; b++) {
      const scores: number[] = [];
      const params: number[] = [];
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i] as ModelRecord;
        if (index[i] !== b || sizeGroup(r.kind) !== group) continue;
        scores.push(r[benchmark] as number);
        params.push(r.params_b as number);
      }
      if (scores.length === 0) continue;
      const bin = bins[b] as { lo: number; hi: number };
      const s = spread(scores);
      out.push({
        benchmark,
        group,
        bin: b,
        lo: bin.lo,
        hi: bin.hi,
        params_median: spread(params).median,
        n: s.n,
        median: s.median,
        q1: s.q1,
        q3: s.q3,
      });
    }
  }
  return out;
}
