import { dateSourceCounts } from "../analysis/index.ts";
import { V1_BENCHMARKS } from "../dataset/index.ts";
import { STUDY_DATASET } from "../study.ts";
import {
  importanceSection,
  pretrainedSection,
  regressionSection,
  reverseSection,
  v2Section,
} from "./assemble-models.ts";
import { dataQualitySection } from "./assemble-quality.ts";
import { dateSourceText, figureOnly, table1Comparison } from "./comparisons.ts";
import { fmt, int, pct } from "./format.ts";
import { insideModelSection } from "./inside-model/section.ts";
import { benchmarkLabel as bl, DATE_AXIS, DATE_RULE } from "./labels.ts";
import {
  monthlyReading,
  overTimeReading,
  sizeReading,
  spearmanReading,
  table1Reading,
  topReading,
} from "./readings.ts";
import { missingRateSpec, scoreVsSizeSpec, spearmanSpec } from "./specs/scores.ts";
import {
  MONTHLY_SERIES,
  monthlySpec,
  pretrainedOverTimeSpec,
  topArchitecturesSpec,
  topLikesSpec,
} from "./specs/trends.ts";
import type { ReportData, SectionDef, TableDef } from "./types.ts";

/** The figure shown first in the README (docs/report-main.png). */
export const MAIN_FIGURE = "fig-regression";

/** Stage 3: the report's sections (figure specs, tables, readings) from its numbers. Pure. */
export function assembleSections(d: ReportData): SectionDef[] {
  return [
    table1Section(d),
    dataQualitySection(d),
    monthlySection(d),
    topSection(d),
    overTimeSection(d),
    sizeSection(d),
    spearmanSection(d),
    regressionSection(d),
    importanceSection(d),
    reverseSection(d),
    pretrainedSection(d),
    v2Section(d),
    ...(d.insideModel ? [insideModelSection(d.insideModel)] : []),
  ];
}

function table1Section(d: ReportData): SectionDef {
  const empty = d.table1.rows.filter((r) => r.n === 0).map((r) => r.label);
  return {
    id: "table1",
    nav: "Table 1",
    title: "Table 1: the dataset's columns",
    method:
      `Per column over all ${int(d.meta.models)} models (${int(d.meta.scored)} with leaderboard v1 scores): mean, mode, quartiles (numpy linear interpolation), max, bias-corrected skewness and excess kurtosis (as pandas), missing rate. Size is in billions of parameters.` +
      (empty.length
        ? ` ${empty.join(", ")}: no value in this data (the leaderboard exports do not carry ${empty.length > 1 ? "them" : "it"}; a Hub crawl with 'strata collect' does), so ${empty.length > 1 ? "they are" : "it is"} left out of the chart.`
        : ""),
    figures: [
      {
        id: "fig-table1-missing",
        caption: `Share of the ${int(d.meta.models)} models without a value, per column.`,
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
        rows: d.table1.rows.map((r) =>
          r.n === 0
            ? [r.label, 0, "100% (not in this data)", null, null, null, null, null, null, null, null]
            : [
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
              ],
        ),
      },
    ],
    study: table1Comparison(d.table1),
    reading: table1Reading(d.table1),
  };
}

function monthlySection(d: ReportData): SectionDef {
  const m = d.monthly;
  const drawn = MONTHLY_SERIES.filter((s) => m.months.some((x) => x[s] > 0));
  const absent = MONTHLY_SERIES.filter((s) => !drawn.includes(s));
  return {
    id: "monthly",
    nav: "Per month",
    title: "New models per month",
    method:
      `${DATE_RULE} Dates of the ${int(m.months.reduce((a, x) => a + x.all, 0))} dated models: ${dateSourceText(m.sources)}; left out undated: ${int(m.undated)}. ` +
      "MoE from the record's is_moe flag, multimodal from its multimodal flag." +
      (absent.length
        ? ` Not drawn: ${absent.join(", ")}, which is zero in every month here (the leaderboard exports carry no multimodal model; only a Hub crawl finds them).`
        : ""),
    figures: [
      {
        id: "fig-monthly",
        caption: `New models per month (all models of the dataset; symlog axis), dated by ${dateSourceText(m.sources)}.`,
        spec: monthlySpec(
          m.months,
          drawn.length ? drawn : ["all"],
          "month (release, Hub upload or submission)",
        ),
      },
    ],
    tables: [
      {
        caption: "Last 12 months",
        header: ["month", "all", "MoE", "multimodal"],
        rows: m.months.slice(-12).map((x) => [x.month, x.all, x.moe, x.multimodal]),
      },
    ],
    study: figureOnly(
      "monthly",
      `ours counts ${int(d.meta.models)} leaderboard models, most dated by a base model's release or a submission date rather than by when the model itself appeared on the Hub.`,
    ),
    reading: monthlyReading(m),
  };
}

function topSection(d: ReportData): SectionDef {
  return {
    id: "top",
    nav: "Top 20",
    title: "Top 20 architectures and top 20 models by likes",
    method:
      "Architecture is config.json architectures[0] (repaired leaderboard values, or the registry base's); shares are of the models whose architecture is known. Likes are the leaderboard export's count. The likes chart is coloured by model_type of the structure; the leaderboard's own type label is in the table and the tooltip (it is not always right: it calls microsoft/phi-2 fine-tuned).",
    figures: [
      {
        id: "fig-top-architectures",
        caption: `Most frequent architectures among the ${int(d.architectures.known)} models whose architecture is known.`,
        spec: topArchitecturesSpec(d.architectures.top),
      },
      {
        id: "fig-top-likes",
        caption: "Most liked models (all models with a like count), full ids, coloured by model type.",
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
        header: ["#", "model", "likes", "model type", "params (B)", "leaderboard type"],
        rows: d.likes.map((m, i) => [
          i + 1,
          m.id,
          m.likes,
          m.model_type,
          m.params_b === null ? null : fmt(m.params_b),
          m.kind,
        ]),
      },
    ],
    study: figureOnly(
      "top",
      `the study ranks config model types over ~${int(STUDY_DATASET.configs)} Hub configs, we rank architectures over ${int(d.meta.models)} leaderboard models.`,
    ),
    reading: topReading(d.architectures, d.likes),
  };
}

function overTimeSection(d: ReportData): SectionDef {
  const front = d.mmluOverTime.filter((p) => p.frontier);
  const counts = dateSourceCounts(d.mmluOverTime.map((p) => ({ date_source: p.dateSource })));
  const sources = dateSourceText(counts);
  return {
    id: "mmlu-time",
    nav: "MMLU over time",
    title: "MMLU of pretrained models over time",
    method:
      `Models whose leaderboard type is "pretrained" and that have an MMLU score (${int(d.mmluOverTime.length)} dated; ${int(d.mmluUndated)} without a date left out). ` +
      `${DATE_RULE} Here: ${sources}. Point area is proportional to parameters (a linear size scale from zero: twice the parameters, twice the area); models of unknown size are small grey points. The red step line is the running best.`,
    figures: [
      {
        id: "fig-mmlu-time",
        caption: `MMLU of the ${int(d.mmluOverTime.length)} dated pretrained models; dates: ${sources}.`,
        spec: pretrainedOverTimeSpec(d.mmluOverTime, "MMLU", DATE_AXIS),
      },
    ],
    tables: [
      {
        caption: "Running best (frontier)",
        header: ["date", "date source", "model", "MMLU", "params (B)"],
        rows: front.map((p) => [
          p.date,
          p.dateSource,
          p.id,
          fmt(p.score),
          p.params_b === null ? null : fmt(p.params_b),
        ]),
      },
    ],
    study: figureOnly(
      "mmluOverTime",
      `only ${int(counts["registry-release"] + counts.hub)} of our ${int(d.mmluOverTime.length)} points are dated by a release or Hub date; the rest by their leaderboard submission, which can be long after the release.`,
    ),
    reading: overTimeReading(d.mmluOverTime),
  };
}

function sizeSection(d: ReportData): SectionDef {
  const rows: TableDef["rows"] = [];
  const binsPer: string[] = [];
  for (const b of V1_BENCHMARKS) {
    const s = d.sizeBins.filter((x) => x.benchmark === b);
    const bins = [...new Set(s.map((x) => x.bin))].sort((x, y) => x - y);
    binsPer.push(`${bl(b)} ${bins.length}`);
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
    nav: "Size bins",
    title: "Score vs size in equal-frequency bins",
    method:
      `params_b is cut into 10 equal-frequency bins over the scored models of both groups, so both curves share cut points; models of one size are never split, so where many share a size (7.24B is the mode) bins merge. Bins here: ${binsPer.join(", ")}. ` +
      'Per bin and group: median score and IQR. Pretrained = leaderboard type "pretrained"; fine-tuned = fine-tuned, chat and merges; continued pretraining and unknown types are left out.',
    figures: [
      {
        id: "fig-size-bins",
        caption:
          "Median and IQR per size bin, one panel per benchmark (scored models with a size and a known type).",
        spec: scoreVsSizeSpec(d.sizeBins),
      },
    ],
    tables: [
      {
        caption: "Median [q1, q3] per size bin",
        header: [
          "benchmark",
          "bin",
          "params (B)",
          "n pretrained",
          "pretrained",
          "n fine-tuned",
          "fine-tuned",
        ],
        rows,
      },
    ],
    study: figureOnly("sizeBins", "the same method on our rows; compare the shapes by eye only."),
    reading: sizeReading(d.sizeBins),
  };
}

function spearmanSection(d: ReportData): SectionDef {
  const m = d.spearman;
  return {
    id: "spearman",
    nav: "Spearman",
    title: "Spearman correlation between benchmarks",
    method:
      "Spearman's rho (Pearson correlation of ranks, ties given their average rank), pairwise over the scored models that have both scores.",
    figures: [
      {
        id: "fig-spearman",
        caption: "Spearman rank correlation matrix (scored models, pairwise).",
        spec: spearmanSpec(m),
      },
    ],
    tables: [
      {
        caption: "rho (pairs counted per cell in report.json)",
        header: ["", ...m.names.map(bl)],
        rows: m.names.map((a, i) => [bl(a), ...m.names.map((_, j) => fmt(m.rho[i]?.[j]))]),
      },
    ],
    study: figureOnly("spearman", "our matrix is computed the same way on leaderboard v1 scores."),
    reading: spearmanReading(m),
  };
}
