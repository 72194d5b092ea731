import { useEffect, useMemo, useState } from "preact/hooks";
import type { TopLevelSpec } from "vega-lite";
import type { ModelDetail } from "../../server/api/model-detail.ts";
import { getJson, idPath } from "../api.ts";
import { Chart } from "../components/chart.tsx";
import { ModelLink } from "../components/model-link.tsx";
import { ModelSearch } from "../components/model-search.tsx";
import { formatValue } from "../format.ts";
import { useMeta } from "../meta.ts";
import { pinsOf, setParams } from "../router.ts";
import { STRUCTURE_FIELDS } from "./model-view.tsx";

const EXTRA_FIELDS = [
  "kind",
  "evidence",
  "impute_confidence",
  "imputed_from",
  "base_model",
  "created_at",
  "submitted_at",
] as const;

/** Up to four pinned models side by side: structures (differences highlighted) and their six scores. */
export function CompareView(props: { params: URLSearchParams }) {
  const meta = useMeta();
  const pins = pinsOf(props.params);
  const [details, setDetails] = useState<Record<string, ModelDetail | string>>({});
  const key = pins.join(",");
  useEffect(() => {
    const ctl = new AbortController();
    for (const id of pins) {
      if (details[id]) continue;
      getJson<ModelDetail>(`/api/models/${idPath(id)}`, undefined, ctl.signal)
        .then((d) => setDetails((prev) => ({ ...prev, [id]: d })))
        .catch((err: unknown) => setDetails((prev) => ({ ...prev, [id]: (err as Error).message })));
    }
    return () => ctl.abort();
  }, [key]);
  const loaded = pins.map((id) => details[id]).filter((d): d is ModelDetail => typeof d === "object");
  const spec = useMemo(
    () => scoresSpec(loaded, meta.benchmarks.v1),
    [loaded.map((d) => d.record.id).join(",")],
  );
  const add = (id: string) => {
    if (!pins.includes(id)) setParams({ pins: [...pins, id].slice(-meta.limits.maxCompare).join(",") });
  };
  const remove = (id: string) => setParams({ pins: pins.filter((p) => p !== id).join(",") });
  const rows: readonly string[] = [...STRUCTURE_FIELDS, ...EXTRA_FIELDS];
  return (
    <section class="view compare" data-testid="compare">
      <h1>Compare</h1>
      <ModelSearch placeholder="add a model (type part of its id)" onPick={add} testId="compare-add" />
      {pins.length === 0 ? (
        <p>Pin models from the table or a model page (up to {meta.limits.maxCompare}), or add them here.</p>
      ) : null}
      {pins
        .filter((id) => typeof details[id] === "string")
        .map((id) => (
          <p class="error" key={id}>
            {id}: {details[id]}
          </p>
        ))}
      {loaded.length > 0 ? (
        <>
          <table class="grid compare-table" data-testid="compare-table">
            <thead>
              <tr>
                <th>field</th>
                {loaded.map((d) => (
                  <th key={d.record.id}>
                    <ModelLink id={d.record.id} pins={pins} />{" "}
                    <button type="button" class="x" title="unpin" onClick={() => remove(d.record.id)}>
                      ×
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...rows, ...meta.benchmarks.v1, "average"].map((f) => {
                const values = loaded.map((d) =>
                  formatValue((d.record as unknown as Record<string, unknown>)[f]),
                );
                const differs = new Set(values).size > 1;
                return (
                  <tr key={f} class={differs ? "differs" : ""} data-differs={differs}>
                    <td>{f}</td>
                    {values.map((v, i) => (
                      <td key={loaded[i]?.record.id} class="num">
                        {v || "–"}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class="small">Rows whose values differ are highlighted.</p>
          <Chart spec={spec} testId="compare-chart" />
        </>
      ) : null}
    </section>
  );
}

function scoresSpec(models: ModelDetail[], benchmarks: readonly string[]): TopLevelSpec {
  const values = models.flatMap((d) =>
    benchmarks.map((b) => ({
      model: d.record.id,
      benchmark: b,
      score: (d.record as unknown as Record<string, number | null>)[b] ?? null,
    })),
  );
  return {
    title: "Leaderboard v1 scores",
    width: 640,
    height: 260,
    data: { values },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "benchmark", type: "nominal", sort: [...benchmarks], axis: { labelAngle: 0 } },
      xOffset: { field: "model", type: "nominal" },
      y: { field: "score", type: "quantitative", title: "score (%)", scale: { domain: [0, 100] } },
      color: { field: "model", type: "nominal", legend: { orient: "bottom", columns: 1, labelLimit: 600 } },
      tooltip: [{ field: "model" }, { field: "benchmark" }, { field: "score", format: ".1f" }],
    },
  };
}
