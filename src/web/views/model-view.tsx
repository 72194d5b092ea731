import { STRUCTURE_KEYS } from "../../contracts/structure.ts";
import type { ModelDetail, RelatedModel } from "../../server/api/model-detail.ts";
import { idPath } from "../api.ts";
import { ModelLink } from "../components/model-link.tsx";
import { Warnings } from "../components/warnings.tsx";
import { formatValue, score } from "../format.ts";
import { useMeta } from "../meta.ts";
import { pinsOf, setParams } from "../router.ts";
import { useApi } from "../use-api.ts";

/** The structure contract's fields, in its order. */
export const STRUCTURE_FIELDS = STRUCTURE_KEYS;

const EVIDENCE_TEXT: Record<string, string> = {
  config: "read from the model's own config.json",
  registry: "a base model of the curated registry (its config, transcribed)",
  lineage: "imputed from the base model the record declares",
  "name+size": "imputed from a base that the size in the name and the measured size agree on",
  "size-only": "imputed from a base the measured size picks out",
  "name-only": "imputed from a base the name picks out, no measured size",
  prior: "no size anywhere: the structure most models of its architecture class have",
  unresolved: "evidence missing or contradictory: structure unknown",
};

export function ModelView(props: { id: string; params: URLSearchParams }) {
  const meta = useMeta();
  const pins = pinsOf(props.params);
  const { data, error } = useApi<ModelDetail>(`/api/models/${idPath(props.id)}`);
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!data) return <p class="loading">Loading {props.id}…</p>;
  const r = data.record;
  const pinned = pins.includes(r.id);
  return (
    <section class="view model" data-testid="model-page">
      <header class="model-head">
        <h1>{r.id}</h1>
        <p class="tags">
          {[
            r.kind,
            r.model_type,
            r.params_b !== null ? `${formatValue(r.params_b)}B` : null,
            r.is_moe ? "MoE" : null,
          ]
            .filter(Boolean)
            .map((t) => (
              <span class="tag" key={String(t)}>
                {t}
              </span>
            ))}
          {r.is_merged ? <span class="tag">merged</span> : null}
          {r.flagged ? <span class="tag warn">flagged</span> : null}
        </p>
        <p>
          <a href={data.hubUrl} rel="noreferrer noopener" target="_blank" data-testid="hub-link">
            Hugging Face Hub page
          </a>{" "}
          ·{" "}
          <button
            type="button"
            data-testid="pin"
            onClick={() =>
              setParams({
                pins: (pinned
                  ? pins.filter((p) => p !== r.id)
                  : [...pins, r.id].slice(-meta.limits.maxCompare)
                ).join(","),
              })
            }
          >
            {pinned ? "Unpin" : "Pin to compare"}
          </button>
        </p>
      </header>
      <div class="cols">
        <div>
          <h2>Structure</h2>
          <p class="evidence" data-testid="evidence">
            Evidence: <strong>{r.evidence}</strong> ({EVIDENCE_TEXT[r.evidence] ?? r.evidence})
            {r.imputed_from ? (
              <>
                ; imputed from <ModelLink id={r.imputed_from} pins={pins} />
              </>
            ) : null}
            {r.impute_confidence !== null ? `, confidence ${r.impute_confidence.toFixed(2)}` : ""}.
          </p>
          <table class="kv" data-testid="structure">
            <thead>
              <tr>
                <th>field</th>
                <th>value</th>
                <th>provenance</th>
              </tr>
            </thead>
            <tbody>
              {STRUCTURE_FIELDS.map((f) => {
                const prov = r.provenance[f];
                return (
                  <tr key={f}>
                    <td>{f}</td>
                    <td class="num">{formatValue(r[f]) || "–"}</td>
                    <td class={`prov ${prov ?? ""}`}>
                      {prov === "imputed" && r.imputed_from ? `imputed from ${r.imputed_from}` : (prov ?? "")}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class="small">
            Dated {r.created_at ?? r.submitted_at ?? "unknown"} ({r.date_source ?? "no date"}); source{" "}
            {r.source}
            {r.precision ? `; ${r.precision}` : ""}
            {r.license ? `; licence ${r.license}` : ""}
            {r.likes !== null ? `; ${r.likes} likes` : ""}.
          </p>
          <Warnings items={r.warnings} />
        </div>
        <div>
          <h2>Leaderboard v1</h2>
          <table class="kv" data-testid="scores-v1">
            <tbody>
              {meta.benchmarks.v1.map((b) => (
                <tr key={b}>
                  <td>{b}</td>
                  <td class="num">{score(r[b])}</td>
                </tr>
              ))}
              <tr>
                <td>average</td>
                <td class="num">{score(r.average)}</td>
              </tr>
            </tbody>
          </table>
          <h2>Leaderboard v2</h2>
          {data.v2.length === 0 ? (
            <p class="small">not on leaderboard v2</p>
          ) : (
            <table class="grid" data-testid="scores-v2">
              <thead>
                <tr>
                  <th>precision</th>
                  {meta.benchmarks.v2.map((b) => (
                    <th key={b}>{b}</th>
                  ))}
                  <th>average</th>
                </tr>
              </thead>
              <tbody>
                {data.v2.map((row, i) => (
                  <tr key={`${row.precision}-${i}`}>
                    <td>{row.precision}</td>
                    {meta.benchmarks.v2.map((b) => (
                      <td key={b} class="num">
                        {score(row[b])}
                      </td>
                    ))}
                    <td class="num">{score(row.average)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      <h2>Nearest structures</h2>
      <p class="small">
        {data.sameStructure.total > 1
          ? `${data.sameStructure.total - 1} other models share this exact structure (fine-tunes copy their base's). `
          : ""}
        Distinct structures nearest to this one (log2 of each field, standardized; each shown by its
        best-evidenced model):
      </p>
      <table class="grid" data-testid="nearest">
        <thead>
          <tr>
            <th>model</th>
            <th>distance</th>
            <th>models</th>
            <th>layers</th>
            <th>d_model</th>
            <th>d_ffn</th>
            <th>heads</th>
            <th>kv_heads</th>
            <th>params_b</th>
            <th>average</th>
          </tr>
        </thead>
        <tbody>
          {data.nearest.map((n) => (
            <tr key={n.id}>
              <td>
                <ModelLink id={n.id} pins={pins} />
              </td>
              <td class="num">{n.distance.toFixed(2)}</td>
              <td class="num">{n.models}</td>
              <td class="num">{formatValue(n.values.layers)}</td>
              <td class="num">{formatValue(n.values.d_model)}</td>
              <td class="num">{formatValue(n.values.d_ffn)}</td>
              <td class="num">{formatValue(n.values.heads)}</td>
              <td class="num">{formatValue(n.values.kv_heads)}</td>
              <td class="num">{formatValue(n.values.params_b)}</td>
              <td class="num">{score(n.model?.average)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="cols">
        <div data-testid="base">
          <h2>Base model</h2>
          {data.base === null ? (
            <p class="small">no declared or imputed base</p>
          ) : data.base.inDataset ? (
            <p>
              <ModelLink id={data.base.id} pins={pins} /> (average {score(data.base.model?.average)})
            </p>
          ) : (
            <p>{data.base.id} (not in the dataset)</p>
          )}
          {data.base ? (
            <Related title={`Other models from ${data.base.id}`} list={data.siblings} pins={pins} />
          ) : null}
        </div>
        <div>
          <Related title="Models derived from this one" list={data.derived} pins={pins} />
        </div>
      </div>
    </section>
  );
}

function Related(props: {
  title: string;
  list: { total: number; models: RelatedModel[] };
  pins: readonly string[];
}) {
  const { list } = props;
  return (
    <>
      <h3>
        {props.title} ({list.total})
      </h3>
      {list.total === 0 ? (
        <p class="small">none</p>
      ) : (
        <ul class="related">
          {list.models.map((m) => (
            <li key={m.id}>
              <ModelLink id={m.id} pins={props.pins} />{" "}
              <span class="small">
                {m.kind ?? ""} {score(m.average)}
              </span>
            </li>
          ))}
          {list.total > list.models.length ? (
            <li class="small">… and {list.total - list.models.length} more</li>
          ) : null}
        </ul>
      )}
    </>
  );
}
