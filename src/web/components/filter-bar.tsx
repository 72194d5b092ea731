import { useEffect, useState } from "preact/hooks";
import type { ModelCounts } from "../../server/api/count-models.ts";
import { SELECTION_PARAMS, type ToggleState } from "../../server/selection-params.ts";
import { getJson, isAbort } from "../api.ts";
import { count } from "../format.ts";
import { useMeta } from "../meta.ts";
import { setParams } from "../router.ts";

/** The selection part of a URL's parameters (what /api/models, /api/counts and the others share). */
export function selectionOf(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of SELECTION_PARAMS) for (const v of params.getAll(k)) out.append(k, v);
  return out;
}

const SEARCH_DELAY_MS = 200;

/**
 * Search box (name substring, /regex/, @field:value), quick size filters and the MoE / merged / flagged /
 * imputed toggles, each with its live count; writes its state to the URL.
 */
export function FilterBar(props: { params: URLSearchParams; onError: (msg: string | null) => void }) {
  const meta = useMeta();
  const { params, onError } = props;
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  const [counts, setCounts] = useState<ModelCounts | null>(null);
  const selection = selectionOf(params).toString();
  const size = (params.get("size") ?? "").split(",").filter(Boolean);

  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (text === q) return;
    const t = setTimeout(() => setParams({ q: text }), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [text, q]);
  useEffect(() => {
    const ctl = new AbortController();
    getJson<ModelCounts>("/api/counts", new URLSearchParams(selection), ctl.signal)
      .then((c) => {
        setCounts(c);
        onError(null);
      })
      .catch((err: unknown) => {
        if (!isAbort(err)) onError((err as Error).message);
      });
    return () => ctl.abort();
  }, [selection, onError]);

  const toggleSize = (id: string) => {
    const next = size.includes(id) ? size.filter((s) => s !== id) : [...size, id];
    setParams({ size: next.join(",") });
  };
  return (
    <div class="filters">
      <label class="search">
        <span class="sr">Search models</span>
        <input
          type="search"
          data-testid="search"
          placeholder="search: name, /regex/, @architecture:mistral @kind:merge @evidence:config @params_b:>=7"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") setParams({ q: text });
          }}
        />
      </label>
      <details class="help">
        <summary>syntax</summary>
        <p>
          Free text matches a part of the model id (any case); <code>/regex/</code> is a regular expression on
          the id. <code>@field:value</code> filters any column: text columns contain the value, numbers and
          yes/no columns equal it; start the value with <code>&gt;= &lt;= &gt; &lt; != =~</code> to compare,
          e.g. <code>@params_b:&gt;=7 @kind:!=merge @model_type:=~^qwen</code>. Aliases:{" "}
          {Object.entries(meta.searchAliases)
            .map(([a, c]) => `@${a} = @${c}`)
            .join(", ")}
          .
        </p>
      </details>
      <fieldset class="chips">
        <legend class="sr">size</legend>
        {meta.sizeBins.map((b) => (
          <button
            type="button"
            key={b.id}
            data-testid={`size-${b.id}`}
            class={size.includes(b.id) ? "chip on" : "chip"}
            aria-pressed={size.includes(b.id)}
            onClick={() => toggleSize(b.id)}
          >
            {b.label} <span class="n">{counts ? count(counts.size[b.id] ?? 0) : "…"}</span>
          </button>
        ))}
      </fieldset>
      <div class="toggles">
        {meta.toggles.map((t) => {
          const state = (params.get(t.name) ?? "") as ToggleState | "";
          return (
            <label key={t.name} class={state ? "toggle on" : "toggle"}>
              {t.label}{" "}
              <span class="n">
                {counts ? count(counts.toggles[t.name as keyof ModelCounts["toggles"]]) : "…"}
              </span>
              <select
                data-testid={`toggle-${t.name}`}
                value={state}
                onChange={(e) => setParams({ [t.name]: (e.target as HTMLSelectElement).value })}
              >
                <option value="">show</option>
                <option value="only">only</option>
                <option value="hide">hide</option>
              </select>
            </label>
          );
        })}
      </div>
      <span class="total" data-testid="total">
        {counts ? `${count(counts.total)} of ${count(meta.dataset.models)} models` : ""}
      </span>
    </div>
  );
}
