import type { TopLevelSpec } from "vega-lite";
import { COLUMN_ORIGINS, type DataQuality } from "../../analysis/index.ts";
import { fmt, int, pct } from "../format.ts";
import { SCHEMA, THEME, TIP, tipText } from "./theme.ts";

const ROWS = ["all models", "scored models"] as const;
/** Grey for all models, blue for the scored ones, with its legend. */
const ROWS_COLOR = {
  field: "rows",
  type: "nominal",
  title: "rows",
  scale: { domain: [...ROWS], range: ["#bab0ac", "#4c78a8"] },
} as const;

/** Models per evidence class (what the structure rests on), all models beside the scored ones. */
export function evidenceSpec(q: DataQuality): TopLevelSpec {
  const totals = [q.models, q.scored];
  const values = q.evidence.flatMap((e) =>
    ROWS.map((rows, k) => {
      const n = k === 0 ? e.all : e.scored;
      return {
        evidence: e.evidence,
        rows,
        models: n,
        tip: tipText({ evidence: e.evidence, rows, models: int(n), share: pct(n / (totals[k] || 1)) }),
      };
    }),
  );
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text: "What each model's structure rests on",
      subtitle: `all ${int(q.models)} models and the ${int(q.scored)} with leaderboard v1 scores`,
    },
    width: 420,
    height: { step: 12 },
    data: { values },
    mark: { type: "bar" },
    encoding: {
      y: { field: "evidence", type: "nominal", sort: q.evidence.map((e) => e.evidence), title: "evidence" },
      yOffset: { field: "rows", type: "nominal", sort: [...ROWS] },
      x: { field: "models", type: "quantitative", title: "models" },
      color: ROWS_COLOR,
      ...TIP,
    },
  };
}

/** Histogram of impute_confidence over the imputed models (ten bins), all beside scored. */
export function confidenceSpec(q: DataQuality): TopLevelSpec {
  const values = q.confidence.flatMap((b) =>
    ROWS.map((rows, k) => {
      const n = k === 0 ? b.all : b.scored;
      return {
        bin: `${fmt(b.lo, 1)}-${fmt(b.hi, 1)}`,
        lo: b.lo,
        rows,
        models: n,
        tip: tipText({ impute_confidence: `${fmt(b.lo, 1)} to ${fmt(b.hi, 1)}`, rows, models: int(n) }),
      };
    }),
  );
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text: "Confidence of the imputed structures",
      subtitle: `imputed models only; ${int(q.noConfidence.all)} read from a config or unresolved have none`,
    },
    width: 420,
    height: 200,
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: {
        field: "bin",
        type: "ordinal",
        sort: { field: "lo", op: "min" },
        title: "impute_confidence",
        axis: { labelAngle: 0 },
      },
      xOffset: { field: "rows", type: "nominal", sort: [...ROWS] },
      y: { field: "models", type: "quantitative", title: "models" },
      color: ROWS_COLOR,
      ...TIP,
    },
  };
}

const ORIGIN_COLORS: Record<(typeof COLUMN_ORIGINS)[number], string> = {
  read: "#54a24b",
  leaderboard: "#72b7b2",
  imputed: "#f58518",
  estimated: "#eeca3b",
  missing: "#bab0ac",
};

/** Per structural column over the scored models: the share of values read, imputed, estimated or null. */
export function columnOriginSpec(q: DataQuality): TopLevelSpec {
  const values = q.columns.flatMap((c) =>
    COLUMN_ORIGINS.map((origin, k) => ({
      column: c.column,
      origin,
      k,
      models: c[origin],
      tip: tipText({
        column: c.column,
        origin,
        models: int(c[origin]),
        share: pct(c[origin] / (q.scored || 1)),
      }),
    })),
  );
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text: "Where each structural value of the scored models comes from",
      subtitle: `${int(q.scored)} models with leaderboard v1 scores (the rows the regressions use)`,
    },
    width: 420,
    height: { step: 18 },
    data: { values },
    mark: { type: "bar" },
    encoding: {
      y: { field: "column", type: "nominal", sort: q.columns.map((c) => c.column), title: null },
      x: {
        field: "models",
        type: "quantitative",
        stack: "normalize",
        title: "share of scored models",
        axis: { format: "%" },
      },
      color: {
        field: "origin",
        type: "nominal",
        title: "value",
        scale: { domain: [...COLUMN_ORIGINS], range: COLUMN_ORIGINS.map((o) => ORIGIN_COLORS[o]) },
      },
      order: { field: "k", type: "quantitative", sort: "ascending" },
      ...TIP,
    },
  };
}
