import { useEffect, useState } from "preact/hooks";
import type { ModelPage } from "../../server/api/list-models.ts";
import { getJson, isAbort } from "../api.ts";

const SUGGESTIONS = 8;

/** A box that suggests model ids as you type (most liked first) and hands back the one picked. */
export function ModelSearch(props: { placeholder: string; onPick: (id: string) => void; testId?: string }) {
  const [text, setText] = useState("");
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => {
    if (text.trim().length < 2) {
      setIds([]);
      return;
    }
    const ctl = new AbortController();
    const t = setTimeout(() => {
      const p = new URLSearchParams({ q: text, columns: "id", sort: "-likes", limit: String(SUGGESTIONS) });
      getJson<ModelPage>("/api/models", p, ctl.signal)
        .then((r) => setIds(r.rows.map((row) => String(row.id))))
        .catch((err: unknown) => {
          if (!isAbort(err)) setIds([]);
        });
    }, 150);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [text]);
  return (
    <div class="model-search">
      <input
        type="search"
        data-testid={props.testId}
        placeholder={props.placeholder}
        value={text}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
      />
      {ids.length ? (
        <ul class="suggestions">
          {ids.map((id) => (
            <li key={id}>
              <button
                type="button"
                onClick={() => {
                  setText("");
                  setIds([]);
                  props.onPick(id);
                }}
              >
                {id}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
