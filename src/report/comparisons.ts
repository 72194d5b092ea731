/**
 * The study's value or finding beside ours, per section, with one line on whether we agree. The
 * study's values come from src/study.ts only; the verdict is computed from the numbers, never typed in.
 */
import type { DateSourceCounts, Table1 } from "../analysis/index.ts";
import {
  STUDY_DATASET,
  STUDY_FIGURES,
  STUDY_IMPORTANCE_SOURCE,
  STUDY_LLM_R2,
  STUDY_LLM_R2_SOURCE,
  STUDY_RF_R2,
  STUDY_RF_R2_SOURCE,
  STUDY_TABLE1_MAXIMA,
  STUDY_TABLE1_SIZE,
  STUDY_TOP_STRUCTURE,
  V1_BENCHMARKS,
  type V1Benchmark,
} from "../contracts/index.ts";
import type { FeatureImportances, RegressionTable } from "../ml/index.ts";

import { fmt, int, meanOf, pct, signed } from "./format.ts";
import { benchmarkLabel } from "./labels.ts";
import { topStructural } from "./readings.ts";
import type { StudyComparison } from "./types.ts";

/** Within this of the study's R^2, we call a benchmark reproduced. */
export const R2_AGREEMENT = 0.05;

/** Table 1: the size row and the implausible maxima the study kept. */
export function table1Comparison(t: Table1): StudyComparison {
  const size = t.rows.find((r) => r.column === "params_b");
  const dffn = t.rows.find((r) => r.column === "d_ffn");
  const layers = t.rows.find((r) => r.column === "layers");
  const s = STUDY_TABLE1_SIZE;
  if (!size || size.n === 0) {
    return { source: s.source, study: s.shows, verdict: "no number", line: "No model here has a size." };
  }
  const medianClose = Math.abs(size.q2 - s.q2) <= 1;
  return {
    source: `${s.source}; ${STUDY_TABLE1_MAXIMA.source}`,
    study: `${s.shows}; ${STUDY_TABLE1_MAXIMA.shows}`,
    verdict: medianClose ? "partly" : "differ",
    line:
      `Median size ${fmt(size.q2)}B vs the study's ${s.q2} (${medianClose ? "close" : "not close"}); ` +
      `max ${fmt(size.max, 1)}B vs ${s.max}, size missing for ${pct(size.missing_rate)} vs ${pct(s.missing)}, ` +
      `skewness ${fmt(size.skewness, 1)} vs ${s.skewness}: leaderboard models are fewer and more alike than the Hub's. ` +
      `Our largest d_ffn is ${int(dffn?.max ?? 0)} and deepest model ${int(layers?.max ?? 0)} layers, where the study's table keeps ` +
      `${int(STUDY_TABLE1_MAXIMA.d_ffn)} and ${int(STUDY_TABLE1_MAXIMA.layers)} (we null implausible values).`,
  };
}

/** Data quality: the study read every structure from a config; say how much of ours is read. */
export function dataQualityComparison(readShare: number, scored: number): StudyComparison {
  return {
    source: STUDY_DATASET.source,
    study: `${STUDY_DATASET.shows}, every structure read from its config.json`,
    verdict: readShare >= 0.9 ? "agree" : "differ",
    line:
      `${pct(readShare)} of our ${int(scored)} scored models have a structure read from a config; ` +
      "the rest is imputed from the base-model registry or unknown, so every structural finding below rests " +
      "on guesses the study did not have to make.",
  };
}

/** A section whose study counterpart is a figure without printed numbers. */
export function figureOnly(key: keyof typeof STUDY_FIGURES, ours: string): StudyComparison {
  const f = STUDY_FIGURES[key];
  return {
    source: f.source,
    study: f.shows,
    verdict: "no number",
    line: `The study prints no number here, so we cannot say whether we agree; ${ours}`,
  };
}

/** How date-based figures are dated, in words: "registry release 4,012, Hub upload 1,203, leaderboard submission 5,100". */
export function dateSourceText(c: DateSourceCounts): string {
  const parts = [
    ["registry release date of the base", c["registry-release"]],
    ["Hub upload date", c.hub],
    ["leaderboard submission date", c["leaderboard-submission"]],
  ] as const;
  const used = parts.filter(([, n]) => n > 0).map(([what, n]) => `${what} ${int(n)}`);
  return `${used.join(", ") || "no dates"}${c.none ? `; undated ${int(c.none)}` : ""}`;
}

const rfOf = (t: RegressionTable | undefined, b: string) =>
  t?.cells.find((c) => c.regressor === "rf" && c.target === b)?.r2 ?? Number.NaN;

/** Table 2: our Random Forest (random CV) against the study's, benchmark by benchmark. */
export function regressionComparison(tables: readonly RegressionTable[]): StudyComparison {
  const random = tables.find((t) => t.protocol === "random");
  const grouped = tables.find((t) => t.protocol === "grouped");
  const targets = V1_BENCHMARKS.filter((b) => Number.isFinite(rfOf(random, b)));
  const study = `Random Forest R² ${V1_BENCHMARKS.map((b) => `${benchmarkLabel(b)} ${fmt(STUDY_RF_R2[b])}`).join(", ")}`;
  if (!random || targets.length === 0) {
    return {
      source: STUDY_RF_R2_SOURCE.source,
      study,
      verdict: "no number",
      line: "Our Random Forest did not run under random CV, so there is nothing to set beside the study's.",
    };
  }
  const diffs = targets.map((b) => rfOf(random, b) - STUDY_RF_R2[b]);
  const within = diffs.filter((d) => Math.abs(d) <= R2_AGREEMENT).length;
  const verdict = within === targets.length ? "agree" : Math.abs(meanOf(diffs)) <= 0.1 ? "partly" : "differ";
  const groupedMean = meanOf(targets.map((b) => rfOf(grouped, b)));
  return {
    source: STUDY_RF_R2_SOURCE.source,
    study,
    verdict,
    line:
      `Under the study's random split our Random Forest is within ${R2_AGREEMENT} of it on ${within} of ${targets.length} ` +
      `benchmarks (differences ${signed(Math.min(...diffs))} to ${signed(Math.max(...diffs))}, mean ${signed(meanOf(diffs))})` +
      (Number.isFinite(groupedMean)
        ? `; keeping each base model's family on one side (grouped CV, which the study did not run) brings the mean to ${fmt(groupedMean)}.`
        : "."),
  };
}

/** The study's tenth regressor (a fine-tuned LLM) against ours, or against XGBoost when ours did not run. */
export function llmComparison(random: RegressionTable | undefined): StudyComparison {
  const cell = (r: "llm" | "xgb", b: V1Benchmark) =>
    random?.cells.find((c) => c.regressor === r && c.target === b)?.r2 ?? Number.NaN;
  const study = `fine-tuned LLaMA-2-7B R² ${V1_BENCHMARKS.map((b) => `${benchmarkLabel(b)} ${fmt(STUDY_LLM_R2[b])}`).join(", ")}`;
  const ours = V1_BENCHMARKS.filter((b) => Number.isFinite(cell("llm", b)));
  if (ours.length > 0) {
    const diffs = ours.map((b) => cell("llm", b) - STUDY_LLM_R2[b]);
    const within = diffs.filter((d) => Math.abs(d) <= R2_AGREEMENT).length;
    return {
      source: STUDY_LLM_R2_SOURCE.source,
      study,
      verdict: within === ours.length ? "agree" : Math.abs(meanOf(diffs)) <= 0.1 ? "partly" : "differ",
      line:
        `Our fine-tuned LLM is within ${R2_AGREEMENT} of the study's on ${within} of ${ours.length} benchmarks ` +
        `(differences ${signed(Math.min(...diffs))} to ${signed(Math.max(...diffs))}, mean ${signed(meanOf(diffs))}); ` +
        "it fine-tunes a far smaller base than the study's LLaMA-2-7B, for far fewer steps.",
    };
  }
  const targets = V1_BENCHMARKS.filter((b) => Number.isFinite(cell("xgb", b)));
  if (targets.length === 0) {
    return {
      source: STUDY_LLM_R2_SOURCE.source,
      study,
      verdict: "no number",
      line: "Neither Strata's LLM regressor nor XGBoost ran in this report.",
    };
  }
  const better = targets.filter((b) => cell("xgb", b) > STUDY_LLM_R2[b]).length;
  return {
    source: STUDY_LLM_R2_SOURCE.source,
    study,
    verdict: "no number",
    line:
      "Strata's fine-tuned LLM did not run in this report (--full runs it); XGBoost (also in the study's Table 5) " +
      `scores above the study's LLM on ${better} of ${targets.length} benchmarks. That compares two different models, not a reproduction.`,
  };
}

/** Section 4: the top structural feature per benchmark. */
export function importanceComparison(imps: readonly FeatureImportances[]): StudyComparison {
  const v1 = imps.filter((f) => (V1_BENCHMARKS as readonly string[]).includes(f.target));
  const agree = v1.filter((f) => topStructural(f) === STUDY_TOP_STRUCTURE[f.target as V1Benchmark]).length;
  const sizeDate = v1.filter((f) =>
    [...f.impurity]
      .sort((a, b) => b.importance - a.importance)
      .slice(0, 2)
      .some((i) => i.feature === "params_b" || i.feature === "date"),
  ).length;
  const verdict =
    v1.length === 0 ? "no number" : agree >= v1.length - 1 ? "agree" : agree >= 2 ? "partly" : "differ";
  return {
    source: STUDY_IMPORTANCE_SOURCE.source,
    study: STUDY_IMPORTANCE_SOURCE.shows,
    verdict,
    line:
      v1.length === 0
        ? "The importances could not be computed."
        : `Our top structural feature matches the study's on ${agree} of ${v1.length} benchmarks; ` +
          `size or date is among our top two features on ${sizeDate} of ${v1.length}, ` +
          `${sizeDate >= v1.length - 1 ? "as the study found" : "unlike the study"}.`,
  };
}
