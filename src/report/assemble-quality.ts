import { CONFIDENT_IMPUTATION, STRUCTURE_SELECTIONS } from "../dataset/index.ts";
import { dataQualityComparison } from "./comparisons.ts";
import { fmt, int, pct } from "./format.ts";
import { columnOriginSpec, confidenceSpec, evidenceSpec } from "./specs/quality.ts";
import type { ReportData, SectionDef, TableDef } from "./types.ts";

const SELECTION_TEXT: Record<(typeof STRUCTURE_SELECTIONS)[number], string> = {
  all: "every row (what the study did)",
  confident: `read from a config, or imputed with impute_confidence >= ${CONFIDENT_IMPUTATION}`,
  config: "read from a config.json only (a crawl, or a registry base model itself)",
};

/** The build's precision checks, one row per validation set and field; none when the build has none. */
function precisionTable(d: ReportData): TableDef[] {
  const checks = d.imputationChecks;
  if (!checks || checks.length === 0) return [];
  return [
    {
      caption:
        "Precision of the imputation on validation sets with known answers (from the build): wrong among filled, and coverage",
      header: [
        "validation set",
        "cases",
        "field",
        "checked",
        "filled",
        "wrong",
        "wrong among filled",
        "coverage",
      ],
      rows: checks.flatMap((c) =>
        c.fields.map((f) => [
          c.name,
          c.cases,
          f.field,
          f.checked,
          f.filled,
          f.wrong,
          f.filled ? pct(f.wrong / f.filled) : "n/a",
          f.checked ? pct(f.filled / f.checked) : "n/a",
        ]),
      ),
    },
  ];
}

/** What the report's structural findings rest on: evidence classes, confidences, read vs imputed. */
export function dataQualitySection(d: ReportData): SectionDef {
  const q = d.dataQuality;
  const ev = (e: string) => q.evidence.find((x) => x.evidence === e);
  const read = (ev("config")?.scored ?? 0) + (ev("registry")?.scored ?? 0);
  const confident = q.selections.confident.scored;
  const unresolved = ev("unresolved")?.scored ?? 0;
  const checks = d.imputationChecks ?? [];
  const tables: TableDef[] = [
    {
      caption: "Models per evidence class",
      header: ["evidence", "all models", "share", "scored models", "share"],
      rows: q.evidence.map((e) => [
        e.evidence,
        e.all,
        pct(e.all / (q.models || 1)),
        e.scored,
        pct(e.scored / (q.scored || 1)),
      ]),
    },
    {
      caption: "Rows each --structure selection keeps",
      header: ["--structure", "keeps", "all models", "scored models"],
      rows: STRUCTURE_SELECTIONS.map((s) => [
        s,
        SELECTION_TEXT[s],
        q.selections[s].all,
        q.selections[s].scored,
      ]),
    },
    {
      caption: `The ${q.leastCertain.length} least certain scored models (lowest impute_confidence with a structure)`,
      header: ["model", "evidence", "confidence", "imputed from", "params (B)", "first warning"],
      rows: q.leastCertain.map((m) => [
        m.id,
        m.evidence,
        fmt(m.impute_confidence),
        m.imputed_from,
        m.params_b === null ? null : fmt(m.params_b),
        m.warning,
      ]),
    },
    ...precisionTable(d),
  ];
  if (q.unresolved.count > 0) {
    tables.push({
      caption: `Scored models left unresolved (structure null): ${int(q.unresolved.count)}, first ${q.unresolved.examples.length}`,
      header: ["model", "why"],
      rows: q.unresolved.examples.map((u) => [u.id, u.warning]),
    });
  }
  return {
    id: "data-quality",
    nav: "Data quality",
    title: "Data quality: what the structures rest on",
    method:
      "Each model's structure has an evidence class (config or registry: read from a config.json; lineage, name+size, size-only, name-only, prior: imputed from a registry base on that evidence; unresolved: left null) and, when imputed, an impute_confidence. " +
      `The modelling below uses --structure ${d.meta.settings.structure} (${SELECTION_TEXT[d.meta.settings.structure]}): ${int(d.meta.modelled)} of ${int(d.meta.scored)} scored models. ` +
      (checks.length
        ? `The build checked its imputation on ${checks.length} validation set${checks.length > 1 ? "s" : ""} with known answers (table below).`
        : "The dataset's build recorded no precision check of its imputation, so none is shown."),
    figures: [
      {
        id: "fig-evidence",
        caption: `Models per evidence class: all ${int(q.models)} models and the ${int(q.scored)} scored ones.`,
        spec: evidenceSpec(q),
      },
      {
        id: "fig-confidence",
        caption: `impute_confidence of the imputed models (all and scored); ${int(q.noConfidence.all)} models read from a config or unresolved have none.`,
        spec: confidenceSpec(q),
      },
      {
        id: "fig-column-origin",
        caption: `Per structural column, where the values of the ${int(q.scored)} scored models come from.`,
        spec: columnOriginSpec(q),
      },
    ],
    tables,
    study: dataQualityComparison(read / (q.scored || 1), q.scored),
    reading:
      `Of ${int(q.scored)} scored models, ${int(read)} (${pct(read / (q.scored || 1))}) have a structure read from a config, ` +
      `${int(confident)} (${pct(confident / (q.scored || 1))}) count as confident, ${int(unresolved)} are unresolved; ` +
      `the rest is imputed with lower confidence.`,
  };
}
