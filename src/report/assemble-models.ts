import {
  STUDY_LLM_R2,
  STUDY_RF_R2,
  STUDY_TOP_STRUCTURE,
  V1_BENCHMARKS,
  type V1Benchmark,
  V2_BENCHMARKS,
} from "../contracts/index.ts";
import type { FeatureImportances, RegressionTable, Target } from "../ml/index.ts";

import {
  dateSourceText,
  figureOnly,
  importanceComparison,
  llmComparison,
  regressionComparison,
} from "./comparisons.ts";
import { fmt, int, meanOf, signed } from "./format.ts";
import { benchmarkLabel as bl, DATE_RULE } from "./labels.ts";
import {
  importanceReading,
  pretrainedReading,
  REGRESSOR_LABELS,
  regressionReading,
  reverseReading,
  topStructural,
} from "./readings.ts";
import {
  importanceSpec,
  pretrainedOnlySpec,
  regressionSpec,
  regressorGridSpec,
  reverseSpec,
  structureComparisonSpec,
} from "./specs/models.ts";
import type { FigureDef, ReportData, SectionDef, StudyComparison, TableDef } from "./types.ts";

const cellOf = (t: RegressionTable | undefined, regressor: string, target: string) =>
  t?.cells.find((x) => x.regressor === regressor && x.target === target);

function r2Cell(t: RegressionTable | undefined, regressor: string, target: string): string | null {
  const c = cellOf(t, regressor, target);
  return c ? `${fmt(c.r2)} ± ${fmt(c.std)}` : null;
}

function unavailableNote(d: ReportData, prefix: string): string {
  const reasons = Object.entries(d.unavailable).filter(([k]) => k.startsWith(prefix));
  return reasons.map(([k, v]) => `${k}: ${v}`).join("; ");
}

/** Which rows a model-based figure uses: the scored models kept by --structure, and how many have every feature. */
function rowsText(d: ReportData): string {
  const s = d.meta.settings.structure;
  const withFeatures = Math.max(0, ...d.regression.flatMap((t) => Object.values(t.n)));
  const kept =
    s === "all"
      ? `all ${int(d.meta.modelled)} scored models`
      : `the ${int(d.meta.modelled)} scored models kept by --structure ${s}`;
  return withFeatures ? `${kept} (${int(withFeatures)} with every feature)` : kept;
}

/** The study's Table 2 rows beside ours (random CV): Random Forest, and its fine-tuned LLM beside ours (or XGBoost when ours did not run). */
function table2(random: RegressionTable | undefined): TableDef {
  const row = (label: string, f: (b: V1Benchmark) => string | null) => [label, ...V1_BENCHMARKS.map(f)];
  return {
    caption: "The study's Table 2 beside ours (random CV, R² mean ± std over folds)",
    header: ["regressor", ...V1_BENCHMARKS.map(bl)],
    rows: [
      row("Random Forest: study (published)", (b) => fmt(STUDY_RF_R2[b])),
      row("Random Forest: ours", (b) => r2Cell(random, "rf", b)),
      row("fine-tuned LLaMA-2-7B: study (published)", (b) => fmt(STUDY_LLM_R2[b])),
      ...(random?.regressors.includes("llm")
        ? [row("LLM fine-tune: ours (LoRA on stories260K or --llm-model)", (b) => r2Cell(random, "llm", b))]
        : [
            row("XGBoost: ours, in place of the LLM (not run; --full runs it)", (b) =>
              r2Cell(random, "xgb", b),
            ),
          ]),
    ],
  };
}

/** RF R^2 on all rows vs confident rows, per benchmark and protocol, as a table. */
function structureTable(d: ReportData): TableDef | null {
  const sc = d.structureComparison;
  if (sc.length === 0) return null;
  const cols = sc.flatMap(({ selection, tables }) => tables.map((t) => ({ selection, t })));
  return {
    caption: "Random Forest R² by rows used: all vs confident structure (mean ± std over folds; n rows)",
    header: [
      "benchmark",
      "study",
      ...cols.map(({ selection, t }) => `${selection} rows, ${t.protocol} CV`),
      ...sc.map((s) => `n ${s.selection}`),
    ],
    rows: V1_BENCHMARKS.filter((b) => cols.some(({ t }) => t.targets.includes(b))).map((b) => [
      bl(b),
      fmt(STUDY_RF_R2[b]),
      ...cols.map(({ t }) => r2Cell(t, "rf", b)),
      ...sc.map((s) => s.tables[0]?.n[b] ?? null),
    ]),
  };
}

function structureLine(d: ReportData): string {
  const all = d.structureComparison.find((s) => s.selection === "all");
  const conf = d.structureComparison.find((s) => s.selection === "confident");
  if (!all || !conf) return "";
  const parts = ["random", "grouped"].flatMap((p) => {
    const a = all.tables.find((t) => t.protocol === p);
    const c = conf.tables.find((t) => t.protocol === p);
    if (!a || !c) return [];
    const mean = (t: RegressionTable) => meanOf(t.targets.map((b) => cellOf(t, "rf", b)?.r2 ?? Number.NaN));
    return [
      `${p} CV ${fmt(mean(a))} on all rows vs ${fmt(mean(c))} on confident rows (${signed(mean(c) - mean(a))})`,
    ];
  });
  return parts.length ? ` Mean Random Forest R²: ${parts.join("; ")}.` : "";
}

export function regressionSection(d: ReportData): SectionDef {
  const tables = d.regression;
  const protocols = tables.map((t) => t.protocol);
  const s = d.meta.settings;
  const random = tables.find((t) => t.protocol === "random");
  const missing = unavailableNote(d, "regression") || unavailableNote(d, "structure");
  const side: TableDef = {
    caption: "Random Forest R² (mean ± std over folds) by protocol, beside the study's",
    header: ["benchmark", "study (published)", ...protocols.map((p) => `ours, ${p} CV`), "n"],
    rows: (tables[0]?.targets ?? []).map((b) => [
      bl(b),
      fmt(STUDY_RF_R2[b as V1Benchmark]),
      ...tables.map((t) => r2Cell(t, "rf", b)),
      tables[0]?.n[b] ?? null,
    ]),
  };
  const grids: TableDef[] = tables.map((t) => ({
    caption: `All regressors, ${t.protocol} CV (${t.folds} folds): R² mean ± std`,
    header: ["regressor", ...t.targets.map(bl)],
    rows: t.regressors.map((r) => [REGRESSOR_LABELS[r] ?? r, ...t.targets.map((b) => r2Cell(t, r, b))]),
  }));
  const structure = structureTable(d);
  const figures: FigureDef[] = tables.length
    ? [
        {
          id: "fig-regression",
          caption: `Random Forest R² per benchmark and protocol (bars, ± fold std) vs the study's published R² (black ticks); rows: ${rowsText(d)}.`,
          spec: regressionSpec(tables, STUDY_RF_R2),
        },
        ...(d.structureComparison.length
          ? [
              {
                id: "fig-structure",
                caption: `Random Forest R² on all scored rows vs the ${int(d.dataQuality.selections.confident.scored)} scored rows with a confident structure.`,
                spec: structureComparisonSpec(d.structureComparison),
              },
            ]
          : []),
        ...tables.map((t) => ({
          id: `fig-regressors-${t.protocol}`,
          caption: `R² of every regressor, ${t.protocol} CV; rows: ${rowsText(d)}.`,
          spec: regressorGridSpec(t, REGRESSOR_LABELS),
        })),
      ]
    : [];
  const comparison = regressionComparison(tables);
  const llm = llmComparison(random);
  return {
    id: "regression",
    nav: "Regression",
    title: "Regression: scores from structure, size and date",
    method:
      `Each benchmark regressed on ${tables[0]?.features.join(", ") ?? "the structural features"} with ${s.folds}-fold cross-validation (seed ${s.seed}) on ${rowsText(d)}, under each protocol: random (as the study; ${s.regressors.map((r) => REGRESSOR_LABELS[r] ?? r).join(", ")}), ` +
      `grouped (models sharing a base model kept in one fold) and time (train on earlier months, test on later), both with ${s.otherProtocolRegressors.map((r) => REGRESSOR_LABELS[r] ?? r).join(", ")}${s.full ? "" : " unless the report is run with --full"}. ` +
      `The date feature is months since 2023-01: ${DATE_RULE} Among the scored models: ${dateSourceText(d.dates.scored)}. Rows with a missing feature are dropped, as in the study. ` +
      (random?.regressors.includes("llm")
        ? "The study's tenth regressor, a LLaMA-2-7B fine-tuned with LoRA to write the scores, is run on a far smaller base: LoRA adapters of a local causal LM (the bundled 260K-parameter stories260K unless another was given) trained per fold on the structure as text, predicting by greedy generation; the study's row is shown as published beside it."
        : "The study's tenth regressor, a LLaMA-2-7B fine-tuned to write the scores, did not run in this report (it runs with --full, or --regressors ...,llm): XGBoost (also in its Table 5) is shown in its place, and the study's LLM row as published.") +
      structureLine(d) +
      (missing ? ` Not computed: ${missing}.` : ""),
    figures,
    tables: tables.length ? [side, table2(random), ...(structure ? [structure] : []), ...grids] : [],
    study: { ...comparison, line: `${comparison.line} ${llm.line}` },
    reading: regressionReading(tables, STUDY_RF_R2),
  };
}

function importanceTable(imps: readonly FeatureImportances[], withStudy: boolean): TableDef {
  const top = (xs: { feature: string; v: number; ci?: [number, number] }[]) =>
    xs
      .slice(0, 3)
      .map((x) => `${x.feature} ${fmt(x.v, 3)}${x.ci ? ` [${fmt(x.ci[0], 3)}, ${fmt(x.ci[1], 3)}]` : ""}`)
      .join("; ");
  return {
    caption: "Top three features per benchmark",
    header: [
      "benchmark",
      "n",
      "held-out R²",
      "impurity",
      "permutation [95% CI]",
      "top structural (ours)",
      ...(withStudy ? ["study"] : []),
    ],
    rows: imps.map((f) => [
      bl(f.target),
      f.n,
      fmt(f.r2),
      top(f.impurity.map((i) => ({ feature: String(i.feature), v: i.importance }))),
      top(f.permutation.map((p) => ({ feature: String(p.feature), v: p.mean, ci: p.ci95 }))),
      topStructural(f),
      ...(withStudy ? [STUDY_TOP_STRUCTURE[f.target as V1Benchmark] ?? null] : []),
    ]),
  };
}

function importanceFigures(prefix: string, imps: readonly FeatureImportances[], rows: string): FigureDef[] {
  return imps.length
    ? [
        {
          id: `${prefix}-impurity`,
          caption: `Impurity importance per benchmark; rows: ${rows}.`,
          spec: importanceSpec(imps, "impurity"),
        },
        {
          id: `${prefix}-permutation`,
          caption: `Permutation importance per benchmark with 95% CI; rows: ${rows}.`,
          spec: importanceSpec(imps, "permutation"),
        },
      ]
    : [];
}

export function importanceSection(d: ReportData): SectionDef {
  const imps = d.importances;
  const missing = unavailableNote(d, "importances ");
  return {
    id: "importances",
    nav: "Importances",
    title: "Feature importances",
    method:
      `Random Forest impurity importance (mean decrease in impurity, normalized to sum to 1) fitted on ${rowsText(d)}, and permutation importance: the drop in held-out R² when one column is shuffled, over ${d.meta.settings.folds} folds x ${d.meta.settings.importanceRepeats} repeats (ml's default is 5 repeats${d.meta.settings.importanceRepeats < 5 ? "; fewer here to keep the report fast" : ""}), with 95% confidence intervals.` +
      (missing ? ` Not computed: ${missing}.` : ""),
    figures: importanceFigures("fig-importance", imps, rowsText(d)),
    tables: [importanceTable(imps, true)],
    study: importanceComparison(imps),
    reading: importanceReading([...imps], STUDY_TOP_STRUCTURE),
  };
}

export function reverseSection(d: ReportData): SectionDef {
  const rev = d.reverse;
  const regs = rev ? [...new Set(rev.cells.map((c) => c.regressor))] : [];
  const targets = rev ? [...new Set(rev.cells.map((c) => c.target))] : [];
  return {
    id: "reverse",
    nav: "Reverse",
    title: "Reverse regression: structure from scores",
    method:
      `Each structural column predicted from the six benchmark scores (${rev?.protocol ?? "random"} CV, ${d.meta.settings.folds} folds) on ${rowsText(d)} that have all six scores.` +
      (d.unavailable.reverse ? ` Not computed: ${d.unavailable.reverse}.` : ""),
    figures: rev
      ? [
          {
            id: "fig-reverse",
            caption: "R² of structure predicted from the six v1 scores.",
            spec: reverseSpec(rev, REGRESSOR_LABELS),
          },
        ]
      : [],
    tables: rev
      ? [
          {
            caption: "R² mean ± std",
            header: ["regressor", ...targets],
            rows: regs.map((r) => [
              REGRESSOR_LABELS[r] ?? r,
              ...targets.map((t) => {
                const c = rev.cells.find((x) => x.regressor === r && x.target === t);
                return c ? `${fmt(c.r2)} ± ${fmt(c.std)}` : null;
              }),
            ]),
          },
        ]
      : [],
    study: figureOnly(
      "reverse",
      "an imputed structure is a copy of its base's, so scores can only recover it as far as they identify the base.",
    ),
    reading: reverseReading(rev),
  };
}

export function pretrainedSection(d: ReportData): SectionDef {
  const pre = d.pretrainedOnly.regression;
  const all = d.regression.find((t) => t.protocol === (pre?.protocol ?? "random"));
  const missing = unavailableNote(d, "regression pretrained") || unavailableNote(d, "importances pretrained");
  return {
    id: "pretrained-only",
    nav: "Pretrained only",
    title: "Pretrained models only",
    method:
      'The regression (Random Forest and linear, random CV) and the importances rerun on models whose leaderboard type is "pretrained", removing fine-tunes and merges that copy their base\'s structure.' +
      (missing ? ` Not computed: ${missing}.` : ""),
    figures:
      pre && all
        ? [
            {
              id: "fig-pretrained-only",
              caption: "Random Forest R²: all scored models vs pretrained only.",
              spec: pretrainedOnlySpec(all, pre),
            },
          ]
        : [],
    tables: pre
      ? [
          {
            caption: "Random Forest R², all vs pretrained only",
            header: [
              "benchmark",
              "n all",
              "R² all",
              "n pretrained",
              "R² pretrained",
              "top structural (pretrained)",
            ],
            rows: pre.targets.map((b) => {
              const f = d.pretrainedOnly.importances.find((x) => x.target === b);
              return [
                bl(b),
                all?.n[b] ?? null,
                r2Cell(all, "rf", b),
                pre.n[b] ?? null,
                r2Cell(pre, "rf", b),
                f ? topStructural(f) : null,
              ];
            }),
          },
        ]
      : [],
    study: figureOnly(
      "pretrainedOnly",
      "our pretrained models are the registry's bases, whose structures are read, so this is the one rerun free of imputation.",
    ),
    reading: pretrainedReading(all, pre, d.pretrainedOnly.importances),
  };
}

const NO_V2_STUDY: StudyComparison = {
  source: "Table 2 and all its figures",
  study: "leaderboard v1 scores only; leaderboard v2 came after its data",
  verdict: "no number",
  line: "the study could not ask this question, so there is nothing of its to set beside ours.",
};

export function v2Section(d: ReportData): SectionDef {
  const v2 = d.v2;
  const tables = v2?.regression ?? [];
  const targets: Target[] = tables[0]?.targets ?? [];
  const rows = v2
    ? `the ${int(v2.models)} models with a leaderboard v2 row${d.meta.settings.structure === "all" ? "" : ` kept by --structure ${d.meta.settings.structure}`}`
    : "none";
  const missing = unavailableNote(d, "v2 ");
  return {
    id: "leaderboard-v2",
    nav: "Leaderboard v2",
    title: "The same on leaderboard v2",
    method:
      `The regression and importances again, with the six Open LLM Leaderboard v2 benchmarks (${V2_BENCHMARKS.map(bl).join(", ")}; normalized scores, 0-100) as targets, on ${rows}. ` +
      "Same features, same folds and seed; Random Forest and linear under random and grouped CV. A model's v2 row is the one with the most scores, then the latest submission." +
      (v2
        ? ""
        : " Not computed: the dataset has no leaderboard v2 scores, or no v2 target was asked for (--targets).") +
      (missing ? ` Not computed: ${missing}.` : ""),
    figures: tables.length
      ? [
          {
            id: "fig-v2-regression",
            caption: `Random Forest R² per v2 benchmark and protocol (± fold std); rows: ${rows}.`,
            spec: regressionSpec(
              tables,
              {},
              { title: "Random Forest R² per leaderboard v2 benchmark, by CV protocol" },
            ),
          },
          ...importanceFigures("fig-v2-importance", v2?.importances ?? [], rows),
        ]
      : [],
    tables: tables.length
      ? [
          {
            caption: "R² (mean ± std over folds) per v2 benchmark",
            header: [
              "benchmark",
              ...(tables[0]?.regressors ?? []).flatMap((r) =>
                tables.map((t) => `${REGRESSOR_LABELS[r] ?? r}, ${t.protocol} CV`),
              ),
              "n",
            ],
            rows: targets.map((b) => [
              bl(b),
              ...(tables[0]?.regressors ?? []).flatMap((r) => tables.map((t) => r2Cell(t, r, b))),
              tables[0]?.n[b] ?? null,
            ]),
          },
          importanceTable(v2?.importances ?? [], false),
        ]
      : [],
    study: NO_V2_STUDY,
    reading: tables.length
      ? `${regressionReading(tables, {})} ${importanceReading([...(v2?.importances ?? [])], {})}`
      : "Leaderboard v2 was not regressed in this report.",
  };
}
