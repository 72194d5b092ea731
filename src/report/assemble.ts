import { V1_BENCHMARKS, type V1Benchmark } from "../dataset/index.ts";
import { REGRESSORS, type RegressionTable } from "../ml/index.ts";
import { fmt, int, pct } from "./format.ts";
import { BENCHMARK_LABELS } from "./published.ts";
import {
  importanceReading,
  monthlyReading,
  overTimeReading,
  pretrainedReading,
  regressionReading,
  reverseReading,
  sizeReading,
  spearmanReading,
  table1Reading,
  topReading,
  topStructural,
} from "./readings.ts";
import {
  importanceSpec,
  pretrainedOnlySpec,
  regressionSpec,
  regressorGridSpec,
  reverseSpec,
} from "./specs/models.ts";
import { missingRateSpec, scoreVsSizeSpec, spearmanSpec } from "./specs/scores.ts";
import { monthlySpec, pretrainedOverTimeSpec, topArchitecturesSpec, topLikesSpec } from "./specs/trends.ts";
import type { ReportData, SectionDef, TableDef } from "./types.ts";

/** The figure shown first in the README (docs/report-main.png). */
export const MAIN_FIGURE = "fig-regression";

const LABELS: Record<string, string> = Object.fromEntries(REGRESSORS.map((r) => [r.name, r.label]));
const bl = (b: string): string => BENCHMARK_LABELS[b as V1Benchmark] ?? b;

const DATE_RULE =
  "A model's date is its Hub creation date (created_at) when known, else its leaderboard submission date (submitted_at).";

/** Stage 3: the report's sections (figure specs, tables, readings) from its numbers. Pure. */
export function assembleSections(d: ReportData): SectionDef[] {
  return [
    table1Section(d),
    monthlySection(d),
    topSection(d),
    overTimeSection(d),
    sizeSection(d),
    spearmanSection(d),
    regressionSection(d),
    importanceSection(d),
    reverseSection(d),
    pretrainedSection(d),
  ];
}

function table1Section(d: ReportData): SectionDef {
  return {
    id: "table1",
    title: "Table 1: the dataset's columns",
    method: `Per column over all ${int(d.meta.models)} models (${int(d.meta.scored)} with leaderboard v1 scores): mean, mode, quartiles (numpy linear interpolation), max, bias-corrected skewness and excess kurtosis (as pandas), missing rate. Size is in billions of parameters.`,
    figures: [
      {
        id: "fig-table1-missing",
        caption: "Share of models without a value, per column.",
        spec: missingRateSpec(d.table1.rows),
      },
    ],
    tables: [
      {
        caption: "Table 1 statistics",
        header: [
          "column",
          "n",
          "missing",
          "mean",
          "mode",
          "q1",
          "median",
          "q3",
          "max",
          "skewness",
          "kurtosis",
        ],
        rows: d.table1.rows.map((r) => [
          r.label,
          r.n,
          pct(r.missing_rate),
          fmt(r.mean),
          fmt(r.mode),
          fmt(r.q1),
          fmt(r.q2),
          fmt(r.q3),
          fmt(r.max),
          fmt(r.skewness),
          fmt(r.kurtosis),
        ]),
      },
    ],
    published: null,
    reading: table1Reading(d.table1),
  };
}

function monthlySection(d: ReportData): SectionDef {
  const m = d.monthly;
  return {
    id: "monthly",
    title: "New models per month",
    method: `${DATE_RULE} Dated by created_at: ${int(m.dated.created_at)}, by submitted_at: ${int(m.dated.submitted_at)}, undated (left out): ${int(m.undated)}. MoE from the record's is_moe flag, multimodal from its multimodal flag.`,
    figures: [
      {
        id: "fig-monthly",
        caption: "New models per month: all, MoE, multimodal (symlog axis).",
        spec: monthlySpec(m.months),
      },
    ],
    tables: [
      {
        caption: "Last 12 months",
        header: ["month", "all", "MoE", "multimodal"],
        rows: m.months.slice(-12).map((x) => [x.month, x.all, x.moe, x.multimodal]),
      },
    ],
    published: null,
    reading: monthlyReading(m),
  };
}

function topSection(d: ReportData): SectionDef {
  return {
    id: "top",
    title: "Top 20 architectures and top 20 models by likes",
    method:
      "Architecture is config.json architectures[0]; shares are of the models whose architecture is known. Likes are the Hub's count at crawl time.",
    figures: [
      {
        id: "fig-top-architectures",
        caption: "Most frequent architectures.",
        spec: topArchitecturesSpec(d.architectures.top),
      },
      {
        id: "fig-top-likes",
        caption: "Most liked models (log axis), coloured by kind.",
        spec: topLikesSpec(d.likes),
      },
    ],
    tables: [
      {
        caption: "Top architectures",
        header: ["#", "architecture", "models", "share"],
        rows: d.architectures.top.map((t, i) => [i + 1, t.name, t.count, pct(t.share)]),
      },
      {
        caption: "Top models by likes",
        header: ["#", "model", "likes", "architecture", "params (B)", "kind"],
        rows: d.likes.map((m, i) => [
          i + 1,
          m.id,
          m.likes,
          m.architecture,
          m.params_b === null ? null : fmt(m.params_b),
          m.kind,
        ]),
      },
    ],
    published: null,
    reading: topReading(d.architectures, d.likes),
  };
}

function overTimeSection(d: ReportData): SectionDef {
  const front = d.mmluOverTime.filter((p) => p.frontier);
  return {
    id: "mmlu-time",
    title: "MMLU of pretrained models over time",
    method: `Models whose leaderboard type is "pretrained" and that have an MMLU score. ${DATE_RULE} Point area is proportional to parameters (grey: unknown); the red step line is the running best.`,
    figures: [
      {
        id: "fig-mmlu-time",
        caption: "MMLU of pretrained models over time.",
        spec: pretrainedOverTimeSpec(d.mmluOverTime),
      },
    ],
    tables: [
      {
        caption: "Running best (frontier)",
        header: ["date", "model", "MMLU", "params (B)"],
        rows: front.map((p) => [p.date, p.id, fmt(p.score), p.params_b === null ? null : fmt(p.params_b)]),
      },
    ],
    published: null,
    reading: overTimeReading(d.mmluOverTime),
  };
}

function sizeSection(d: ReportData): SectionDef {
  const rows: TableDef["rows"] = [];
  for (const b of V1_BENCHMARKS) {
    const s = d.sizeBins.filter((x) => x.benchmark === b);
    const bins = [...new Set(s.map((x) => x.bin))].sort((x, y) => x - y);
    for (const bin of bins) {
      const p = s.find((x) => x.bin === bin && x.group === "pretrained");
      const f = s.find((x) => x.bin === bin && x.group === "fine-tuned");
      const any = p ?? f;
      const cell = (x: typeof p) => (x ? `${fmt(x.median, 1)} [${fmt(x.q1, 1)}, ${fmt(x.q3, 1)}]` : null);
      rows.push([bl(b), bin + 1, `${fmt(any?.lo)}-${fmt(any?.hi)}`, p?.n ?? 0, cell(p), f?.n ?? 0, cell(f)]);
    }
  }
  return {
    id: "size-bins",
    title: "Score vs size in equal-frequency bins",
    method:
      'params_b is cut into deciles (equal-frequency bins, tied sizes kept together) over the scored models of both groups, so both curves share cut points. Per bin and group: median score and IQR. Pretrained = leaderboard type "pretrained"; fine-tuned = fine-tuned, chat and merges; continued pretraining and unknown types are left out.',
    figures: [
      {
        id: "fig-size-bins",
        caption: "Median and IQR per size decile, one panel per benchmark.",
        spec: scoreVsSizeSpec(d.sizeBins),
      },
    ],
    tables: [
      {
        caption: "Median [q1, q3] per decile",
        header: [
          "benchmark",
          "decile",
          "params (B)",
          "n pretrained",
          "pretrained",
          "n fine-tuned",
          "fine-tuned",
        ],
        rows,
      },
    ],
    published: null,
    reading: sizeReading(d.sizeBins),
  };
}

function spearmanSection(d: ReportData): SectionDef {
  const m = d.spearman;
  return {
    id: "spearman",
    title: "Spearman correlation between benchmarks",
    method:
      "Spearman's rho (Pearson correlation of ranks, ties given their average rank), pairwise over the models that have both scores.",
    figures: [{ id: "fig-spearman", caption: "Spearman rank correlation matrix.", spec: spearmanSpec(m) }],
    tables: [
      {
        caption: "rho (n pairs on the diagonal's row in report.json)",
        header: ["", ...m.names.map(bl)],
        rows: m.names.map((a, i) => [bl(a), ...m.names.map((_, j) => fmt(m.rho[i]?.[j]))]),
      },
    ],
    published: null,
    reading: spearmanReading(m),
  };
}

function r2Cell(t: RegressionTable | undefined, regressor: string, target: string): string | null {
  const c = t?.cells.find((x) => x.regressor === regressor && x.target === target);
  return c ? `${fmt(c.r2)} ± ${fmt(c.std)}` : null;
}

function unavailableNote(d: ReportData, prefix: string): string {
  const reasons = Object.entries(d.unavailable).filter(([k]) => k.startsWith(prefix));
  return reasons.map(([k, v]) => `${k}: ${v}`).join("; ");
}

function regressionSection(d: ReportData): SectionDef {
  const tables = d.regression;
  const protocols = tables.map((t) => t.protocol);
  const ml = d.meta.ml;
  const missing = unavailableNote(d, "regression");
  const side: TableDef = {
    caption: "Random Forest R² (mean ± std over folds) by protocol, beside the study's",
    header: ["benchmark", "study (published)", ...protocols.map((p) => `ours, ${p} CV`), "n"],
    rows: V1_BENCHMARKS.map((b) => [
      bl(b),
      fmt(d.published.rfR2[b]),
      ...tables.map((t) => r2Cell(t, "rf", b)),
      tables[0]?.n[b] ?? null,
    ]),
  };
  const grids: TableDef[] = tables.map((t) => ({
    caption: `All regressors, ${t.protocol} CV (${t.folds} folds): R² mean ± std`,
    header: ["regressor", ...t.targets.map(bl)],
    rows: t.regressors.map((r) => [LABELS[r] ?? r, ...t.targets.map((b) => r2Cell(t, r, b))]),
  }));
  return {
    id: "regression",
    title: "Regression: scores from structure, size and date",
    method:
      `Each benchmark regressed on ${tables[0]?.features.join(", ") ?? "the structural features"} ${ml.folds}-fold cross-validation under each protocol: random (as the study; ${ml.regressors.length} regressors), grouped (models sharing a base model kept in one fold) and time (train on earlier months, test on later), both with ${ml.otherProtocolRegressors.map((r) => LABELS[r] ?? r).join(", ")} unless the report was run with --full. Rows with a missing feature are dropped, as in the study.` +
      (missing ? ` Not computed: ${missing}.` : ""),
    figures: tables.length
      ? [
          {
            id: "fig-regression",
            caption:
              "Random Forest R² per benchmark and protocol (bars, ± fold std) vs the study's published R² (black ticks).",
            spec: regressionSpec(tables, d.published.rfR2),
          },
          ...tables.map((t) => ({
            id: `fig-regressors-${t.protocol}`,
            caption: `R² of every regressor, ${t.protocol} CV.`,
            spec: regressorGridSpec(t, LABELS),
          })),
        ]
      : [],
    tables: tables.length ? [side, ...grids] : [],
    published: `The study's Random Forest R² (Table 2, random split): ${V1_BENCHMARKS.map((b) => `${bl(b)} ${fmt(d.published.rfR2[b])}`).join(", ")}.`,
    reading: regressionReading(tables, d.published.rfR2),
  };
}

function importanceSection(d: ReportData): SectionDef {
  const imps = d.importances;
  const top = (xs: { feature: string; v: number; ci?: [number, number] }[]) =>
    xs
      .slice(0, 3)
      .map((x) => `${x.feature} ${fmt(x.v, 3)}${x.ci ? ` [${fmt(x.ci[0], 3)}, ${fmt(x.ci[1], 3)}]` : ""}`)
      .join("; ");
  const missing = unavailableNote(d, "importances ");
  return {
    id: "importances",
    title: "Feature importances",
    method:
      `Random Forest impurity importance (mean decrease in impurity, normalized to sum to 1) fitted on all rows, and permutation importance: the drop in held-out R² when one column is shuffled, over ${d.meta.ml.folds} folds x ${d.meta.ml.importanceRepeats} repeats (fewer repeats than ml's default of 5, to keep the report fast), with 95% confidence intervals.` +
      (missing ? ` Not computed: ${missing}.` : ""),
    figures: imps.length
      ? [
          {
            id: "fig-importance-impurity",
            caption: "Impurity importance per benchmark.",
            spec: importanceSpec(imps, "impurity"),
          },
          {
            id: "fig-importance-permutation",
            caption: "Permutation importance per benchmark with 95% CI.",
            spec: importanceSpec(imps, "permutation"),
          },
        ]
      : [],
    tables: [
      {
        caption: "Top three features per benchmark",
        header: [
          "benchmark",
          "n",
          "held-out R²",
          "impurity",
          "permutation [95% CI]",
          "top structural (ours)",
          "study",
        ],
        rows: imps.map((f) => [
          bl(f.target),
          f.n,
          fmt(f.r2),
          top(f.impurity.map((i) => ({ feature: String(i.feature), v: i.importance }))),
          top(f.permutation.map((p) => ({ feature: String(p.feature), v: p.mean, ci: p.ci95 }))),
          topStructural(f),
          d.published.topStructure[f.target as V1Benchmark],
        ]),
      },
    ],
    published:
      "The study: depth (layers) matters most for ARC, HellaSwag and WinoGrande; d_ffn for MMLU, GSM8K and TruthfulQA; size and date dominate overall.",
    reading: importanceReading(imps, d.published.topStructure),
  };
}

function reverseSection(d: ReportData): SectionDef {
  const rev = d.reverse;
  const regs = rev ? [...new Set(rev.cells.map((c) => c.regressor))] : [];
  const targets = rev ? [...new Set(rev.cells.map((c) => c.target))] : [];
  return {
    id: "reverse",
    title: "Reverse regression: structure from scores",
    method:
      `Each structural column predicted from the six benchmark scores (${rev?.protocol ?? "random"} CV, ${d.meta.ml.folds} folds).` +
      (d.unavailable.reverse ? ` Not computed: ${d.unavailable.reverse}.` : ""),
    figures: rev
      ? [
          {
            id: "fig-reverse",
            caption: "R² of structure predicted from scores.",
            spec: reverseSpec(rev, LABELS),
          },
        ]
      : [],
    tables: rev
      ? [
          {
            caption: "R² mean ± std",
            header: ["regressor", ...targets],
            rows: regs.map((r) => [
              LABELS[r] ?? r,
              ...targets.map((t) => {
                const c = rev.cells.find((x) => x.regressor === r && x.target === t);
                return c ? `${fmt(c.r2)} ± ${fmt(c.std)}` : null;
              }),
            ]),
          },
        ]
      : [],
    published: null,
    reading: reverseReading(rev),
  };
}

function pretrainedSection(d: ReportData): SectionDef {
  const pre = d.pretrainedOnly.regression;
  const all = d.regression.find((t) => t.protocol === (pre?.protocol ?? "random"));
  const missing = unavailableNote(d, "regression pretrained") || unavailableNote(d, "importances pretrained");
  return {
    id: "pretrained-only",
    title: "Pretrained models only",
    method:
      'The regression (Random Forest and linear, random CV) and the importances rerun on models whose leaderboard type is "pretrained", removing fine-tunes and merges that copy their base\'s structure.' +
      (missing ? ` Not computed: ${missing}.` : ""),
    figures:
      pre && all
        ? [
            {
              id: "fig-pretrained-only",
              caption: "Random Forest R²: all models vs pretrained only.",
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
            rows: V1_BENCHMARKS.map((b) => [
              bl(b),
              all?.n[b] ?? null,
              r2Cell(all, "rf", b),
              pre.n[b] ?? null,
              r2Cell(pre, "rf", b),
              (() => {
                const f = d.pretrainedOnly.importances.find((x) => x.target === b);
                return f ? topStructural(f) : null;
              })(),
            ]),
          },
        ]
      : [],
    published: null,
    reading: pretrainedReading(all, pre, d.pretrainedOnly.importances),
  };
}
