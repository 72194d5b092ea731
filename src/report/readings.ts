/**
 * One-line readings generated from our numbers. Each function states what the numbers show and
 * nothing they do not: no sentence here is written in advance of the data.
 */

import type { Table1 } from "../analysis/index.ts";
import {
  type CategoryCount,
  type CorrelationMatrix,
  type LikedModel,
  type MonthlyNewModels,
  type SizeBinStat,
  spread,
  type TimePoint,
} from "../analysis/index.ts";
import { V1_BENCHMARKS } from "../contracts/index.ts";
import {
  type FeatureImportances,
  LLM_REGRESSOR,
  REGRESSORS,
  type RegressionTable,
  type ReverseRegressionResult,
} from "../ml/index.ts";
import { fmt, int, meanOf, pct, signed } from "./format.ts";
import { benchmarkLabel as label } from "./labels.ts";

/** Full regressor names ("Random Forest"), by registry key. */
export const REGRESSOR_LABELS: Record<string, string> = Object.fromEntries(
  [...REGRESSORS, LLM_REGRESSOR].map((r) => [r.name, r.label]),
);

export function table1Reading(t: Table1): string {
  const size = t.rows.find((r) => r.column === "params_b");
  if (!size || size.n === 0) return `${int(t.models)} models; no parameter counts known.`;
  const shape =
    size.skewness > 1
      ? `right-skewed (skewness ${fmt(size.skewness, 1)}, mean above median)`
      : `skewness ${fmt(size.skewness, 1)}`;
  // A column with no value at all (downloads in leaderboard data) is named apart, not as "most missing".
  const worst = [...t.rows].filter((r) => r.n > 0).sort((a, b) => b.missing_rate - a.missing_rate)[0];
  const empty = t.rows.filter((r) => r.n === 0).map((r) => r.label);
  return (
    `${int(t.models)} models; size known for ${int(size.n)} (median ${fmt(size.q2, 2)}B, mean ${fmt(size.mean, 2)}B, ` +
    `${shape}); most often missing: ${worst?.label ?? "n/a"} (${pct(worst?.missing_rate)})` +
    (empty.length ? `; no value at all: ${empty.join(", ")}.` : ".")
  );
}

export function monthlyReading(m: MonthlyNewModels): string {
  if (m.months.length === 0) return "No model has a usable date.";
  const peak = m.months.reduce((a, b) => (b.all > a.all ? b : a));
  const total = m.months.reduce((a, b) => a + b.all, 0);
  const moe = m.months.reduce((a, b) => a + b.moe, 0);
  const mm = m.months.reduce((a, b) => a + b.multimodal, 0);
  const firstMoe = m.months.find((x) => x.moe > 0)?.month;
  return (
    `${int(total)} dated models over ${m.months.length} months, peak ${peak.month} with ${int(peak.all)}; ` +
    `MoE ${pct(moe / total)} of them${firstMoe ? ` (first in ${firstMoe})` : ""}, multimodal ${pct(mm / total)}.`
  );
}

export function topReading(
  arch: { top: CategoryCount[]; known: number; distinct: number },
  likes: LikedModel[],
): string {
  const first = arch.top[0];
  const cover = arch.top.reduce((a, b) => a + b.share, 0);
  const liked = likes[0];
  const parts: string[] = [];
  if (first) {
    parts.push(
      `${first.name} leads with ${int(first.count)} models (${pct(first.share)} of ${int(arch.known)} with a known architecture); ` +
        `the top ${arch.top.length} of ${arch.distinct} cover ${pct(cover)}`,
    );
  }
  if (liked) parts.push(`most liked: ${liked.id} (${int(liked.likes)} likes)`);
  return parts.length ? `${parts.join("; ")}.` : "No architecture or likes known.";
}

export function overTimeReading(points: TimePoint[], what = "MMLU"): string {
  const front = points.filter((p) => p.frontier);
  const a = front[0];
  const b = front[front.length - 1];
  if (!a || !b) return `No pretrained model has a ${what} score and a date.`;
  if (a === b) return `${points.length} pretrained models; best ${what} ${fmt(b.score, 1)} (${b.id}).`;
  return (
    `Across ${points.length} pretrained models the best ${what} rose from ${fmt(a.score, 1)} (${a.id}, ${a.date}) ` +
    `to ${fmt(b.score, 1)} (${b.id}, ${b.date}).`
  );
}

export function sizeReading(stats: SizeBinStat[]): string {
  const rises: string[] = [];
  const gaps: number[] = [];
  for (const b of V1_BENCHMARKS) {
    const all = stats.filter((s) => s.benchmark === b);
    const ft = all.filter((s) => s.group === "fine-tuned");
    const lo = ft[0];
    const hi = ft[ft.length - 1];
    if (lo && hi && lo !== hi) rises.push(`${label(b)} ${signed(hi.median - lo.median, 1)}`);
    for (const p of all.filter((s) => s.group === "pretrained")) {
      const f = ft.find((s) => s.bin === p.bin);
      if (f) gaps.push(f.median - p.median);
    }
  }
  if (rises.length === 0) return "Too few models with a size and a score to bin.";
  const wins = gaps.filter((g) => g > 0).length;
  return (
    `Fine-tuned median score from the smallest to the largest size bin: ${rises.join(", ")} points; ` +
    `fine-tuned beat pretrained models of the same size bin in ${wins} of ${gaps.length} bins (median gap ${signed(spread(gaps).median, 1)}).`
  );
}

export function spearmanReading(m: CorrelationMatrix): string {
  let best: [number, string, string] = [Number.NEGATIVE_INFINITY, "", ""];
  let worst: [number, string, string] = [Number.POSITIVE_INFINITY, "", ""];
  m.names.forEach((a, i) => {
    m.names.forEach((b, j) => {
      const r = m.rho[i]?.[j] ?? Number.NaN;
      if (j <= i || !Number.isFinite(r)) return;
      if (r > best[0]) best = [r, a, b];
      if (r < worst[0]) worst = [r, a, b];
    });
  });
  if (!Number.isFinite(best[0])) return "Too few scored models to correlate benchmarks.";
  return (
    `Strongest pair ${label(best[1])}-${label(best[2])} (rho ${fmt(best[0])}), ` +
    `weakest ${label(worst[1])}-${label(worst[2])} (rho ${fmt(worst[0])}).`
  );
}

export function regressionReading(
  tables: readonly RegressionTable[],
  published: Partial<Record<string, number>>,
): string {
  const rf = (t: RegressionTable, b: string) =>
    t.cells.find((c) => c.regressor === "rf" && c.target === b)?.r2 ?? Number.NaN;
  const random = tables.find((t) => t.protocol === "random") ?? tables[0];
  if (!random) return "The regression table could not be computed.";
  const withStudy = random.targets.filter((b) => published[b] !== undefined);
  const diffs = withStudy.map((b) => rf(random, b) - (published[b] as number));
  const within = diffs.filter((d) => Math.abs(d) <= 0.05).length;
  const means = tables.map((t) => `${t.protocol} ${fmt(meanOf(t.targets.map((b) => rf(t, b))))}`);
  const bestCounts = new Map<string, number>();
  for (const b of random.targets) {
    const cells = random.cells.filter((c) => c.target === b && Number.isFinite(c.r2));
    const top = cells.reduce<(typeof cells)[number] | null>(
      (a, c) => (a === null || c.r2 > a.r2 ? c : a),
      null,
    );
    if (top) bestCounts.set(top.regressor, (bestCounts.get(top.regressor) ?? 0) + 1);
  }
  const leader = [...bestCounts.entries()].sort((a, b) => b[1] - a[1])[0];
  return (
    (withStudy.length
      ? `Random Forest R² (${random.protocol} CV) is within 0.05 of the study on ${within} of ${withStudy.length} benchmarks ` +
        `(mean difference ${signed(meanOf(diffs))}); `
      : "") +
    `mean RF R² by protocol: ${means.join(", ")}` +
    (leader
      ? `; best regressor on ${leader[1]} of ${random.targets.length} benchmarks: ${REGRESSOR_LABELS[leader[0]] ?? leader[0]}.`
      : ".")
  );
}

/** Structural features in the study's sense (size and date are reported apart). */
export const STRUCTURAL = new Set([
  "layers",
  "d_model",
  "d_ffn",
  "heads",
  "kv_heads",
  "vocab_size",
  "pos",
  "moe",
  "moe_experts",
]);

export function topStructural(f: FeatureImportances): string | null {
  return (
    f.impurity.filter((i) => STRUCTURAL.has(String(i.feature))).sort((a, b) => b.importance - a.importance)[0]
      ?.feature ?? null
  );
}

export function importanceReading(all: FeatureImportances[], study: Partial<Record<string, string>>): string {
  if (all.length === 0) return "Importances could not be computed.";
  let agree = 0;
  const tops: string[] = [];
  let sizeDateTop2 = 0;
  for (const f of all) {
    const s = topStructural(f);
    if (s === study[f.target]) agree++;
    tops.push(`${label(f.target)} ${s ?? "n/a"}`);
    const top2 = [...f.impurity]
      .sort((a, b) => b.importance - a.importance)
      .slice(0, 2)
      .map((i) => String(i.feature));
    if (top2.includes("params_b") || top2.includes("date")) sizeDateTop2++;
  }
  const withStudy = all.filter((f) => study[f.target] !== undefined).length;
  return (
    `Top structural feature by impurity: ${tops.join(", ")}; ` +
    (withStudy ? `agrees with the study on ${agree} of ${withStudy}; ` : "") +
    `size or date is among the top two features for ${sizeDateTop2} of ${all.length} benchmarks.`
  );
}

export function reverseReading(rev: ReverseRegressionResult | null): string {
  if (!rev || rev.cells.length === 0) return "The reverse regression could not be computed.";
  const rf = rev.cells.filter((c) => c.regressor === "rf");
  const cells = rf.length ? rf : rev.cells;
  const best = cells.reduce((a, c) => (c.r2 > a.r2 ? c : a));
  const worst = cells.reduce((a, c) => (c.r2 < a.r2 ? c : a));
  return (
    `From the six scores, ${REGRESSOR_LABELS[best.regressor] ?? best.regressor} predicts ${best.target} best (R² ${fmt(best.r2)}) and ${worst.target} worst ` +
    `(R² ${fmt(worst.r2)}).`
  );
}

export function pretrainedReading(
  all: RegressionTable | undefined,
  pre: RegressionTable | null,
  imps: FeatureImportances[],
): string {
  if (!pre) return "The pretrained-only rerun could not be computed.";
  const rf = (t: RegressionTable) => meanOf(t.cells.filter((c) => c.regressor === "rf").map((c) => c.r2));
  const n = Math.max(0, ...Object.values(pre.n));
  const tops = imps.map((f) => topStructural(f)).filter((s): s is string => s !== null);
  const counts = new Map<string, number>();
  for (const t of tops) counts.set(t, (counts.get(t) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return (
    `On ${int(n)} pretrained models the mean RF R² is ${fmt(rf(pre))}` +
    (all ? ` vs ${fmt(rf(all))} on all models` : "") +
    (common
      ? `; most frequent top structural feature: ${common[0]} (${common[1]} of ${tops.length} benchmarks).`
      : ".")
  );
}
