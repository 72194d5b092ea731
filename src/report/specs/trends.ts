import type { TopLevelSpec } from "vega-lite";
import type { LikedModel, MonthlyCount, TimePoint } from "../../analysis/index.ts";
import type { CategoryCount } from "../../analysis/top-counts.ts";
import { SCHEMA, THEME } from "./theme.ts";

/** New models per month: all, MoE and multimodal, on a symlog axis so the small series stay visible. */
export function monthlySpec(months: readonly MonthlyCount[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: THEME,
    title: "New models per month",
    width: 640,
    height: 260,
    data: { values: months.map((m) => ({ ...m })) },
    transform: [{ fold: ["all", "moe", "multimodal"], as: ["series", "models"] }],
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: {
      x: { field: "month", type: "temporal", timeUnit: "yearmonth", title: "month" },
      y: {
        field: "models",
        type: "quantitative",
        scale: { type: "symlog" },
        // symlog's automatic ticks skip the small counts where MoE and multimodal live.
        axis: { values: [0, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000] },
        title: "new models (symlog)",
      },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: ["all", "moe", "multimodal"], range: ["#4c78a8", "#e45756", "#54a24b"] },
        legend: { orient: "top-left", labelExpr: "datum.label === 'moe' ? 'MoE' : datum.label" },
      },
    },
  };
}

/** Horizontal bars of the most frequent architectures (config.json architectures[0]). */
export function topArchitecturesSpec(top: readonly CategoryCount[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: THEME,
    title: `Top ${top.length} architectures by number of models`,
    width: 420,
    height: { step: 16 },
    data: { values: top.map((t) => ({ ...t })) },
    layer: [
      { mark: { type: "bar", color: "#4c78a8" } },
      {
        mark: { type: "text", align: "left", dx: 3, fontSize: 10 },
        encoding: { text: { field: "share", type: "quantitative", format: ".1%" } },
      },
    ],
    encoding: {
      y: {
        field: "name",
        type: "nominal",
        sort: { field: "count", op: "max", order: "descending" },
        title: null,
      },
      x: { field: "count", type: "quantitative", title: "models" },
    },
  };
}

/** Horizontal bars of the most liked models, log axis (likes span four orders of magnitude). */
export function topLikesSpec(models: readonly LikedModel[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: THEME,
    title: `Top ${models.length} models by likes`,
    width: 420,
    height: { step: 16 },
    data: { values: models.map((m) => ({ ...m, likes1: m.likes + 1 })) },
    mark: { type: "bar" },
    encoding: {
      y: { field: "id", type: "nominal", sort: { field: "likes", order: "descending" }, title: null },
      x: { field: "likes1", type: "quantitative", scale: { type: "log" }, title: "likes + 1 (log)" },
      x2: { datum: 1 },
      color: { field: "kind", type: "nominal", title: "kind" },
    },
  };
}

/** Frontier points worth a name: a gain of 2+ points, spaced 60+ days and 3+ points apart, plus the last. */
function frontierLabels(points: readonly TimePoint[]): Set<TimePoint> {
  const front = points.filter((p) => p.frontier);
  const out = new Set<TimePoint>();
  let prev: TimePoint | null = null;
  let lastLabel: TimePoint | null = null;
  for (const p of front) {
    const gain = prev ? p.score - prev.score : Number.POSITIVE_INFINITY;
    const apart =
      !lastLabel ||
      Date.parse(p.date) - Date.parse(lastLabel.date) > 60 * 86400e3 ||
      Math.abs(p.score - lastLabel.score) >= 3;
    if (gain >= 2 && apart) {
      out.add(p);
      lastLabel = p;
    }
    prev = p;
  }
  const last = front[front.length - 1];
  if (last && lastLabel && last !== lastLabel && Math.abs(last.score - lastLabel.score) < 3)
    out.delete(lastLabel);
  if (last) out.add(last);
  return out;
}

/**
 * A benchmark score of pretrained models over time, point area proportional to parameters (grey when
 * unknown), with the running-best frontier as a step line.
 */
export function pretrainedOverTimeSpec(points: readonly TimePoint[], label = "MMLU"): TopLevelSpec {
  const labelled = frontierLabels(points);
  const dates = points.map((p) => Date.parse(p.date));
  const middle = points.length
    ? new Date((Math.min(...dates) + Math.max(...dates)) / 2).toISOString().slice(0, 10)
    : "";
  return {
    $schema: SCHEMA,
    config: THEME,
    title: `${label} of pretrained models over time`,
    width: 640,
    height: 320,
    data: {
      values: points.map((p) => ({
        id: p.id,
        name: p.id.slice(p.id.indexOf("/") + 1),
        date: p.date,
        score: p.score,
        params_b: p.params_b,
        known: p.params_b !== null,
        frontier: p.frontier,
        label: labelled.has(p) ? (p.date > middle ? "right" : "left") : null,
      })),
    },
    layer: [
      {
        mark: { type: "circle", opacity: 0.45, stroke: "white", strokeWidth: 0.5 },
        encoding: {
          size: {
            field: "params_b",
            type: "quantitative",
            title: "params (B)",
            scale: { type: "sqrt", range: [8, 600], zero: true },
          },
          color: {
            field: "known",
            type: "nominal",
            scale: { domain: [true, false], range: ["#4c78a8", "#bbbbbb"] },
            legend: null,
          },
        },
      },
      {
        transform: [{ filter: "datum.frontier" }],
        mark: { type: "line", interpolate: "step-after", color: "#e45756", strokeWidth: 1.5 },
      },
      // One text layer per side that has labels (an empty layer would warn about an infinite extent).
      ...(["left", "right"] as const)
        .filter((side) => [...labelled].some((p) => (p.date > middle ? "right" : "left") === side))
        .map((side) => ({
          transform: [{ filter: `datum.label === '${side}'` }],
          mark: {
            type: "text" as const,
            align: side,
            dx: side === "left" ? 5 : -5,
            dy: -7,
            fontSize: 9,
            color: "#333",
          },
          encoding: { text: { field: "name", type: "nominal" as const } },
        })),
    ],
    encoding: {
      x: {
        field: "date",
        type: "temporal",
        title: "date (created_at, else submitted_at)",
        axis: { format: "%b %Y", labelAngle: 0 },
      },
      y: { field: "score", type: "quantitative", title: `${label} (%)`, scale: { zero: false } },
    },
  };
}
