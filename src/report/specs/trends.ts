import type { TopLevelSpec } from "vega-lite";
import type { CategoryCount, LikedModel, MonthlyCount, TimePoint } from "../../analysis/index.ts";
import { fmt, int, pct } from "../format.ts";
import { SCHEMA, THEME, TIP, tipText } from "./theme.ts";

/** The series of the monthly figure: all models, MoE, multimodal. */
export const MONTHLY_SERIES = ["all", "moe", "multimodal"] as const;
export type MonthlySeries = (typeof MONTHLY_SERIES)[number];
const SERIES_LABEL: Record<MonthlySeries, string> = {
  all: "all models",
  moe: "MoE",
  multimodal: "multimodal",
};
const SERIES_COLOR: Record<MonthlySeries, string> = { all: "#4c78a8", moe: "#e45756", multimodal: "#54a24b" };

/**
 * New models per month on a symlog axis so the small series stay visible. Only the `series` given are
 * drawn (the caller leaves out a series that is zero in every month, and says why).
 */
export function monthlySpec(
  months: readonly MonthlyCount[],
  series: readonly MonthlySeries[] = MONTHLY_SERIES,
  dateLabel = "month",
): TopLevelSpec {
  const values = months.flatMap((m) =>
    series.map((s) => ({
      month: m.month,
      series: SERIES_LABEL[s],
      models: m[s],
      tip: tipText({ month: m.month, series: SERIES_LABEL[s], "new models": int(m[s]) }),
    })),
  );
  const labels = series.map((s) => SERIES_LABEL[s]);
  return {
    $schema: SCHEMA,
    config: THEME,
    title: "New models per month",
    width: 640,
    height: 260,
    data: { values },
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: {
      x: { field: "month", type: "temporal", timeUnit: "yearmonth", title: dateLabel },
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
        title: "series",
        scale: { domain: labels, range: series.map((s) => SERIES_COLOR[s]) },
        legend: { orient: "top-left" },
      },
      ...TIP,
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
    data: {
      values: top.map((t, i) => ({
        ...t,
        tip: tipText({ rank: i + 1, architecture: t.name, models: int(t.count), share: pct(t.share) }),
      })),
    },
    layer: [
      { mark: { type: "bar", color: "#4c78a8" }, encoding: { ...TIP } },
      {
        mark: { type: "text", align: "left", dx: 3, fontSize: 10, aria: false },
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

/**
 * Horizontal bars of the most liked models, full ids as labels, on a linear axis (the spread among the
 * top 20 is what the figure is for), coloured by the model_type of the structure (from the config or
 * its registry base). The leaderboard's own type label (which calls microsoft/phi-2 fine-tuned) is in
 * the tooltip only, named as such.
 */
export function topLikesSpec(models: readonly LikedModel[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    config: THEME,
    title: `Top ${models.length} models by likes`,
    width: 360,
    height: { step: 16 },
    data: {
      values: models.map((m, i) => ({
        id: m.id,
        likes: m.likes,
        model_type: m.model_type ?? "unknown",
        tip: tipText({
          rank: i + 1,
          model: m.id,
          likes: int(m.likes),
          "model type": m.model_type,
          architecture: m.architecture,
          "params (B)": m.params_b === null ? null : fmt(m.params_b),
          "leaderboard type": m.kind,
        }),
      })),
    },
    mark: { type: "bar" },
    encoding: {
      y: { field: "id", type: "nominal", sort: { field: "likes", order: "descending" }, title: null },
      x: { field: "likes", type: "quantitative", title: "likes" },
      color: { field: "model_type", type: "nominal", title: "model type", scale: { scheme: "tableau20" } },
      ...TIP,
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

/** Area in square pixels of the largest point: area is params / max params times this. */
export const MAX_POINT_AREA = 900;
/** Area of a point whose size is unknown (drawn grey). */
const UNKNOWN_AREA = 16;

/**
 * A benchmark score of pretrained models over time. Point area is proportional to parameters (a linear
 * size scale from 0, so a model twice the size covers twice the area); models of unknown size are small
 * grey points. The red step line is the running best.
 */
export function pretrainedOverTimeSpec(
  points: readonly TimePoint[],
  label = "MMLU",
  dateLabel = "date (created_at, else submitted_at)",
): TopLevelSpec {
  const labelled = frontierLabels(points);
  const dates = points.map((p) => Date.parse(p.date));
  const middle = points.length
    ? new Date((Math.min(...dates) + Math.max(...dates)) / 2).toISOString().slice(0, 10)
    : "";
  const maxParams = Math.max(1, ...points.map((p) => p.params_b ?? 0));
  const known = "size known (area ∝ params)";
  const unknown = "size unknown";
  const side = (p: TimePoint) => (p.date > middle ? "right" : "left");
  const hasUnknown = points.some((p) => p.params_b === null);
  const sizes = hasUnknown ? [known, unknown] : [known];
  return {
    $schema: SCHEMA,
    config: THEME,
    title: `${label} of pretrained models over time`,
    width: 640,
    height: 320,
    data: {
      values: points.map((p) => ({
        id: p.id,
        name: p.id,
        date: p.date,
        score: p.score,
        params_b: p.params_b,
        size: p.params_b === null ? unknown : known,
        frontier: p.frontier,
        label: labelled.has(p) ? side(p) : null,
        tip: tipText({
          model: p.id,
          date: `${p.date} (${p.dateSource ?? p.dateField})`,
          [label]: fmt(p.score, 2),
          "params (B)": p.params_b === null ? null : fmt(p.params_b),
          "running best": p.frontier ? "yes" : "no",
        }),
      })),
    },
    layer: [
      {
        transform: [{ filter: "datum.params_b !== null" }],
        mark: { type: "circle", opacity: 0.45, stroke: "white", strokeWidth: 0.5 },
        encoding: {
          size: {
            field: "params_b",
            type: "quantitative",
            title: "params (B)",
            scale: { type: "linear", zero: true, domain: [0, maxParams], range: [0, MAX_POINT_AREA] },
          },
          color: {
            field: "size",
            type: "nominal",
            title: null,
            scale: { domain: sizes, range: ["#4c78a8", "#999999"].slice(0, sizes.length) },
          },
          ...TIP,
        },
      },
      ...(hasUnknown
        ? [
            {
              transform: [{ filter: "datum.params_b === null" }],
              mark: { type: "circle" as const, opacity: 0.6, size: UNKNOWN_AREA },
              encoding: { color: { field: "size", type: "nominal" as const }, ...TIP },
            },
          ]
        : []),
      {
        transform: [{ filter: "datum.frontier" }],
        mark: { type: "line", interpolate: "step-after", color: "#e45756", strokeWidth: 1.5, aria: false },
      },
      // One text layer per side that has labels (an empty layer would warn about an infinite extent).
      ...(["left", "right"] as const)
        .filter((s) => [...labelled].some((p) => side(p) === s))
        .map((s) => ({
          transform: [{ filter: `datum.label === '${s}'` }],
          mark: {
            type: "text" as const,
            align: s,
            dx: s === "left" ? 5 : -5,
            dy: -7,
            fontSize: 9,
            color: "#333",
            aria: false,
          },
          encoding: { text: { field: "name", type: "nominal" as const } },
        })),
    ],
    encoding: {
      x: { field: "date", type: "temporal", title: dateLabel, axis: { format: "%b %Y", labelAngle: 0 } },
      y: { field: "score", type: "quantitative", title: `${label} (%)`, scale: { zero: false } },
    },
  };
}
