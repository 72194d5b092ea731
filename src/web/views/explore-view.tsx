import { useCallback, useMemo, useState } from "preact/hooks";
import type { TopLevelSpec } from "vega-lite";
import type { ScatterPoints } from "../../server/api/scatter-points.ts";
import type { SizeBins } from "../../server/api/size-bins.ts";
import { idPath } from "../api.ts";
import { Chart } from "../components/chart.tsx";
import { FilterBar, selectionOf } from "../components/filter-bar.tsx";
import { count } from "../format.ts";
import { useMeta } from "../meta.ts";
import { navigate, pinsOf, setParams, withPins } from "../router.ts";
import { useApi } from "../use-api.ts";

/** Colour categories beyond this many are drawn as "other". */
const TOP_CATEGORIES = 10;

/** Scatter of any column against any other, and the report's size-bin view with adjustable bins. */
export function ExploreView(props: { params: URLSearchParams }) {
  const meta = useMeta();
  const { params } = props;
  const [error, setError] = useState<string | null>(null);
  const onError = useCallback((m: string | null) => setError(m), []);
  const x = params.get("x") ?? "params_b";
  const y = params.get("y") ?? "average";
  const color = params.get("color") ?? "kind";
  const logx = params.get("logx") !== "0";
  const logy = params.get("logy") === "1";
  const trend = params.get("trend") !== "0";
  const pins = pinsOf(params);
  const q = selectionOf(params);
  q.set("x", x);
  q.set("y", y);
  q.set("color", color);
  const scatter = useApi<ScatterPoints>("/api/scatter", q.toString());
  const spec = useMemo(
    () => (scatter.data ? scatterSpec(scatter.data, { logx, logy, trend }) : null),
    [scatter.data, logx, logy, trend],
  );
  const open = useCallback(
    (d: Record<string, unknown>) => {
      if (typeof d.id === "string") navigate(withPins(`/model/${idPath(d.id)}`, pins));
    },
    [pins.join(",")],
  );
  const axisSelect = (name: "x" | "y", value: string) => (
    <label>
      {name}{" "}
      <select
        data-testid={`axis-${name}`}
        value={value}
        onChange={(e) => setParams({ [name]: (e.target as HTMLSelectElement).value })}
      >
        {meta.axisColumns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
  const check = (name: string, label: string, on: boolean, dflt: boolean) => (
    <label>
      <input
        type="checkbox"
        data-testid={`opt-${name}`}
        checked={on}
        onChange={(e) => {
          const v = (e.target as HTMLInputElement).checked;
          setParams({ [name]: v === dflt ? null : v ? "1" : "0" });
        }}
      />{" "}
      {label}
    </label>
  );
  return (
    <section class="view explore">
      <FilterBar params={params} onError={onError} />
      <div class="toolbar">
        {axisSelect("x", x)}
        {axisSelect("y", y)}
        <label>
          colour{" "}
          <select
            data-testid="color"
            value={color}
            onChange={(e) => setParams({ color: (e.target as HTMLSelectElement).value })}
          >
            <option value="none">none</option>
            {meta.colorColumns.map((c) => (
              <option key={c} value={c}>
                {c === "model_type" ? "family (model_type)" : c}
              </option>
            ))}
          </select>
        </label>
        {check("logx", "log x", logx, true)}
        {check("logy", "log y", logy, false)}
        {check("trend", "trend line", trend, true)}
      </div>
      {error || scatter.error ? (
        <p class="error" role="alert">
          {error ?? scatter.error}
        </p>
      ) : null}
      {scatter.data ? (
        <p class="small" data-testid="scatter-count">
          {count(scatter.data.points.length)} models with both {x} and {y}; hover for the model, click to open
          it.
        </p>
      ) : (
        <p class="loading">Loading points…</p>
      )}
      {spec ? <Chart spec={spec} renderer="canvas" onClick={open} testId="scatter" /> : null}
      <SizeBinsPanel params={params} />
    </section>
  );
}

function scatterSpec(s: ScatterPoints, o: { logx: boolean; logy: boolean; trend: boolean }): TopLevelSpec {
  const logx = o.logx && s.xType === "quantitative";
  const logy = o.logy && s.yType === "quantitative";
  const freq = new Map<string, number>();
  for (const p of s.points) freq.set(String(p[3]), (freq.get(String(p[3])) ?? 0) + 1);
  const top = new Set(
    [...freq.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_CATEGORIES)
      .map(([k]) => k),
  );
  const values = s.points
    .filter((p) => (!logx || (p[1] as number) > 0) && (!logy || (p[2] as number) > 0))
    .map(([id, px, py, c]) => ({
      id,
      x: px,
      y: py,
      c: s.color === null ? null : c === null ? "unknown" : top.has(String(c)) ? String(c) : "other",
    }));
  const enc = (field: "x" | "y", type: "quantitative" | "temporal", log: boolean, title: string) => ({
    field,
    type,
    title: log ? `${title} (log)` : title,
    scale: log ? { type: "log" as const } : { zero: false },
  });
  const x = enc("x", s.xType, logx, s.x);
  const y = enc("y", s.yType, logy, s.y);
  const method = logx && logy ? "pow" : logx ? "log" : logy ? "exp" : "linear";
  return {
    width: 860,
    height: 460,
    data: { values },
    layer: [
      {
        mark: { type: "point", filled: true, size: 18, opacity: 0.45, cursor: "pointer" },
        encoding: {
          x,
          y,
          ...(s.color === null
            ? {}
            : {
                color: {
                  field: "c",
                  type: "nominal" as const,
                  title: s.color,
                  scale: { scheme: "tableau10" },
                },
              }),
          tooltip: [
            { field: "id", title: "model" },
            { field: "x", title: s.x, type: s.xType },
            { field: "y", title: s.y, type: s.yType },
            ...(s.color === null ? [] : [{ field: "c", title: s.color }]),
          ],
        },
      },
      ...(o.trend
        ? [
            {
              transform: [{ regression: "y", on: "x", method } as const],
              mark: { type: "line" as const, color: "#222", strokeWidth: 2 },
              encoding: { x, y },
            },
          ]
        : []),
    ],
  } as TopLevelSpec;
}

function SizeBinsPanel(props: { params: URLSearchParams }) {
  const meta = useMeta();
  const { params } = props;
  const target = params.get("target") ?? "mmlu";
  const bins = Number(params.get("bins") ?? "10");
  const q = selectionOf(params);
  q.set("target", target);
  q.set("bins", String(bins));
  const { data, error } = useApi<SizeBins>("/api/size-bins", q.toString());
  const spec = useMemo(() => (data ? sizeBinSpec(data) : null), [data]);
  return (
    <div class="size-bins">
      <h2>Score against size in equal-frequency bins</h2>
      <div class="toolbar">
        <label>
          benchmark{" "}
          <select
            data-testid="bins-target"
            value={target}
            onChange={(e) => setParams({ target: (e.target as HTMLSelectElement).value })}
          >
            {meta.benchmarks.v1.map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
        </label>
        <label>
          bins{" "}
          <input
            type="range"
            data-testid="bins"
            min={meta.limits.minSizeBins}
            max={meta.limits.maxSizeBins}
            value={bins}
            onChange={(e) => setParams({ bins: (e.target as HTMLInputElement).value })}
          />{" "}
          {bins}
        </label>
      </div>
      {error ? <p class="error">{error}</p> : null}
      {data ? (
        <p class="small">
          {count(data.models)} scored models (pretrained vs fine-tuned, chat and merges), params cut into{" "}
          {data.bins} bins of equal count; line: median, band: interquartile range.
        </p>
      ) : null}
      {spec ? <Chart spec={spec} testId="size-bins-chart" /> : null}
    </div>
  );
}

function sizeBinSpec(d: SizeBins): TopLevelSpec {
  const x = {
    field: "params_median",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    title: "params (B, log)",
  };
  const color = { field: "group", type: "nominal" as const, title: "group" };
  return {
    width: 860,
    height: 300,
    data: { values: d.stats },
    layer: [
      {
        mark: { type: "area", opacity: 0.2 },
        encoding: {
          x,
          y: { field: "q1", type: "quantitative", title: d.target },
          y2: { field: "q3" },
          color,
        },
      },
      {
        mark: { type: "line", point: true, tooltip: true },
        encoding: {
          x,
          y: { field: "median", type: "quantitative" },
          color,
          tooltip: [
            { field: "group" },
            { field: "lo", title: "from (B)" },
            { field: "hi", title: "to (B)" },
            { field: "n" },
            { field: "median", format: ".1f" },
            { field: "q1", format: ".1f" },
            { field: "q3", format: ".1f" },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
