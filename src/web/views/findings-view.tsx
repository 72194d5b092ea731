import { useMemo } from "preact/hooks";
import type { TopLevelSpec } from "vega-lite";
import { VERDICT_LABELS } from "../../report/verdicts.ts";
import type { ReportView } from "../../server/api/read-report.ts";
import { Chart } from "../components/chart.tsx";
import { useApi } from "../use-api.ts";

/** The report's sections (report.json, assembled by report/ on the server) as interactive charts. */
export function FindingsView() {
  const { data, error } = useApi<ReportView>("/api/report");
  if (error) {
    return (
      <section class="view findings">
        <h1>Findings</h1>
        <p class="notice" data-testid="no-report">
          {error}
        </p>
      </section>
    );
  }
  if (!data) return <p class="loading">Loading the report…</p>;
  return (
    <section class="view findings" data-testid="findings">
      <h1>Findings</h1>
      <p class="small">
        From {data.file}, generated {data.generatedAt.slice(0, 16).replace("T", " ")} over{" "}
        {data.models.toLocaleString("en-US")} models ({data.scored.toLocaleString("en-US")} scored). Hover a
        mark for its numbers; ⋯ saves a chart as SVG or PNG.
      </p>
      <nav class="toc">
        {data.sections.map((s) => (
          <a key={s.id} href={`#${s.id}`}>
            {s.title}
          </a>
        ))}
      </nav>
      {data.sections.map((s) => (
        <article key={s.id} id={s.id} class="section">
          <h2>{s.title}</h2>
          <p class="reading">{s.reading}</p>
          {s.study ? (
            <p class="published">
              Study ({s.study.source}): {s.study.study}. <b>{VERDICT_LABELS[s.study.verdict]}:</b>{" "}
              {s.study.line}
            </p>
          ) : null}
          {s.figures.map((f) => (
            <Figure key={f.id} id={f.id} caption={f.caption} spec={f.spec} />
          ))}
          {s.tables.map((t) => (
            <table class="grid" key={t.caption}>
              <caption>{t.caption}</caption>
              <thead>
                <tr>
                  {t.header.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {t.rows.map((row, i) => (
                  <tr key={`${t.caption}-${i}`}>
                    {row.map((c, j) => (
                      <td key={`${t.header[j]}`} class={typeof c === "number" ? "num" : ""}>
                        {c ?? "–"}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
          <p class="small method">{s.method}</p>
        </article>
      ))}
    </section>
  );
}

function Figure(props: { id: string; caption: string; spec: TopLevelSpec }) {
  // The report's specs are drawn for a static page; here every mark also shows its data on hover.
  const spec = useMemo(() => {
    const s = props.spec as TopLevelSpec & { config?: Record<string, unknown> };
    const config = (s.config ?? {}) as Record<string, Record<string, unknown> | undefined>;
    return { ...s, config: { ...config, mark: { ...(config.mark ?? {}), tooltip: true } } } as TopLevelSpec;
  }, [props.spec]);
  return (
    <figure id={props.id} data-testid={`figure-${props.id}`}>
      <Chart spec={spec} />
      <figcaption>{props.caption}</figcaption>
    </figure>
  );
}
