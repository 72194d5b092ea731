import { useEffect, useState } from "preact/hooks";
import { NUMERIC_STRUCTURE_KEYS } from "../../contracts/structure.ts";
import type { ModelDetail } from "../../server/api/model-detail.ts";
import type { PredictResponse } from "../../server/api/predict.ts";
import { getJson, idPath, postJson } from "../api.ts";
import { ModelLink } from "../components/model-link.tsx";
import { ModelSearch } from "../components/model-search.tsx";
import { Warnings } from "../components/warnings.tsx";
import { score } from "../format.ts";
import { useMeta } from "../meta.ts";
import { pinsOf, setParams } from "../router.ts";

/** The structure fields the form edits: every numeric one (the regression features and the MoE counts). */
const FORM_FIELDS = NUMERIC_STRUCTURE_KEYS;
type FormField = (typeof FORM_FIELDS)[number];

/**
 * Paste a config.json, or start from a known model and edit its fields: the six predicted scores with
 * intervals and the nearest known models (ml's predictScores on the server). The known model and the
 * edited fields live in the URL (`from`, one parameter per field); a pasted config does not.
 */
export function PredictView(props: { params: URLSearchParams }) {
  // Fit the server's forests while the user types (seconds once); every prediction after that is instant.
  useEffect(() => {
    postJson("/api/predict/warm", {}).catch(() => undefined);
  }, []);
  const meta = useMeta();
  const { params } = props;
  const pins = pinsOf(params);
  const from = params.get("from");
  const date = params.get("date") ?? "";
  const [config, setConfig] = useState("");
  const [base, setBase] = useState<Record<FormField, number | null> | null>(null);
  const [result, setResult] = useState<PredictResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const edits: Partial<Record<FormField, number | null>> = {};
  for (const f of FORM_FIELDS) {
    const v = params.get(f);
    if (v !== null) edits[f] = v === "" ? null : Number(v);
  }
  useEffect(() => {
    if (from === null) {
      setBase(null);
      return;
    }
    getJson<ModelDetail>(`/api/models/${idPath(from)}`)
      .then((d) =>
        setBase(
          Object.fromEntries(FORM_FIELDS.map((f) => [f, d.record[f]])) as Record<FormField, number | null>,
        ),
      )
      .catch((err: unknown) => setError((err as Error).message));
  }, [from]);

  const run = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await postJson<PredictResponse>("/api/predict", { ...body, ...(date ? { date } : {}) }));
    } catch (err) {
      setResult(null);
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const predictConfig = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(config);
    } catch (err) {
      setError(`the pasted text is not JSON: ${(err as Error).message}`);
      return;
    }
    run({ config: parsed });
  };
  const predictFields = () => run({ ...(from ? { from } : {}), structure: edits });
  const value = (f: FormField) => (f in edits ? edits[f] : base?.[f]) ?? null;
  return (
    <section class="view predict">
      <h1>Predict the six v1 scores of a structure</h1>
      <div class="cols">
        <div>
          <h2>Paste a config.json</h2>
          <textarea
            data-testid="config"
            rows={12}
            spellcheck={false}
            placeholder='{"architectures": ["LlamaForCausalLM"], "hidden_size": 4096, ...}'
            value={config}
            onInput={(e) => setConfig((e.target as HTMLTextAreaElement).value)}
          />
          <button
            type="button"
            class="primary"
            data-testid="predict-config"
            disabled={busy || !config.trim()}
            onClick={predictConfig}
          >
            Predict from config
          </button>
        </div>
        <div>
          <h2>…or edit a known model's fields</h2>
          <ModelSearch
            placeholder="start from a model (type part of its id)"
            onPick={(id) => setParams({ from: id }, false)}
            testId="predict-from"
          />
          {from ? (
            <p>
              from <ModelLink id={from} pins={pins} />
            </p>
          ) : null}
          <div class="form">
            {FORM_FIELDS.map((f) => (
              <label key={f} class={f in edits ? "edited" : ""}>
                {f}
                <input
                  type="number"
                  data-testid={`field-${f}`}
                  step={f === "params_b" ? "0.01" : "1"}
                  min="0"
                  value={value(f) ?? ""}
                  onChange={(e) => setParams({ [f]: (e.target as HTMLInputElement).value })}
                />
              </label>
            ))}
          </div>
          <button
            type="button"
            class="primary"
            data-testid="predict-fields"
            disabled={busy || (!from && Object.keys(edits).length === 0)}
            onClick={predictFields}
          >
            Predict from these fields
          </button>
        </div>
      </div>
      <p class="small">
        Date feature{" "}
        <input
          type="month"
          data-testid="date"
          value={date}
          onChange={(e) => setParams({ date: (e.target as HTMLInputElement).value })}
        />{" "}
        (empty: the newest month in the data). Each new structure fits six Random Forests on the{" "}
        {meta.dataset.scored.toLocaleString("en-US")} scored models (seconds on two cores); a structure asked
        before is answered from memory.
      </p>
      {busy ? (
        <p class="loading" data-testid="predicting">
          Fitting six Random Forests…
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert" data-testid="predict-error">
          {error}
        </p>
      ) : null}
      {result ? <PredictResult r={result} pins={pins} /> : null}
    </section>
  );
}

function PredictResult(props: { r: PredictResponse; pins: readonly string[] }) {
  const { r } = props;
  const pct = Math.round((1 - r.alpha) * 100);
  return (
    <div data-testid="prediction">
      <h2>Predicted scores ({pct}% split-conformal intervals)</h2>
      <p class="small">
        {r.cached ? "answered from memory" : `fitted in ${(r.ms / 1000).toFixed(1)} s`}; features{" "}
        {Object.entries(r.features)
          .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`)
          .join(" ")}
      </p>
      <table class="grid predict-table">
        <thead>
          <tr>
            <th>benchmark</th>
            <th>predicted</th>
            <th>interval</th>
            <th class="bar-col">0 – 100</th>
            <th>n</th>
          </tr>
        </thead>
        <tbody>
          {r.scores.map((s) => (
            <tr key={s.target} data-testid={`score-${s.target}`}>
              <td>{s.target}</td>
              <td class="num">{score(s.prediction)}</td>
              <td class="num">
                [{score(s.lower)}, {score(s.upper)}]
              </td>
              <td class="bar-col">
                <div class="bar">
                  <span class="band" style={{ left: `${s.lower}%`, width: `${s.upper - s.lower}%` }} />
                  <span class="mark" style={{ left: `${s.prediction}%` }} />
                </div>
              </td>
              <td class="num">{s.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Nearest known models</h2>
      <table class="grid">
        <thead>
          <tr>
            <th>model</th>
            <th>distance</th>
            {r.scores.map((s) => (
              <th key={s.target}>{s.target}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.neighbours.map((n) => (
            <tr key={n.id}>
              <td>
                <ModelLink id={n.id} pins={props.pins} />
              </td>
              <td class="num">{n.distance.toFixed(3)}</td>
              {r.scores.map((s) => (
                <td key={s.target} class="num">
                  {score(n.scores[s.target])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <Warnings items={r.warnings} />
    </div>
  );
}
