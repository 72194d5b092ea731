import { useCallback, useState } from "preact/hooks";
import { DEFAULT_MODEL_COLUMNS } from "../../dataset/display.ts";
import { idPath } from "../api.ts";
import { FilterBar, selectionOf } from "../components/filter-bar.tsx";
import { type TableColumn, VirtualTable } from "../components/virtual-table.tsx";
import { useMeta } from "../meta.ts";
import { navigate, pinsOf, setParams, withPins } from "../router.ts";

/** Columns shown until the user picks others: the same as `strata models`. */
export const DEFAULT_COLUMNS: readonly string[] = DEFAULT_MODEL_COLUMNS;

export function ModelsView(props: { params: URLSearchParams }) {
  const meta = useMeta();
  const { params } = props;
  const [error, setError] = useState<string | null>(null);
  const onError = useCallback((m: string | null) => setError(m), []);
  const cols = (params.get("cols") ?? DEFAULT_COLUMNS.join(",")).split(",").filter(Boolean);
  const columns: TableColumn[] = cols.flatMap((name) => meta.columns.filter((c) => c.name === name));
  const sort = params.get("sort");
  const pins = pinsOf(params);
  const query = new URLSearchParams(selectionOf(params));
  if (sort) query.set("sort", sort);
  query.set("columns", columns.map((c) => c.name).join(","));
  const exportQuery = (format: string) => {
    const q = new URLSearchParams(query);
    q.set("format", format);
    return `/api/export?${q}`;
  };
  const onSort = (name: string) => {
    const kind = columns.find((c) => c.name === name)?.kind;
    const numeric = kind === "int" || kind === "float";
    // Numbers sort largest first on the first click, text A-Z; the third click goes back to by-id.
    const cycle = numeric ? [`-${name}`, name, null] : [name, `-${name}`, null];
    const at = cycle.indexOf(sort);
    setParams({ sort: at === -1 ? (cycle[0] ?? null) : (cycle[(at + 1) % 3] ?? null) });
  };
  const onPin = (id: string) => {
    const next = pins.includes(id)
      ? pins.filter((p) => p !== id)
      : [...pins, id].slice(-meta.limits.maxCompare);
    setParams({ pins: next.join(",") });
  };
  return (
    <section class="view models">
      <FilterBar params={params} onError={onError} />
      <div class="toolbar">
        <ColumnPicker chosen={cols} onChange={(next) => setParams({ cols: next.join(",") })} />
        <a class="button" href={exportQuery("csv")} download="strata-models.csv" data-testid="download-csv">
          Download CSV
        </a>
        <a
          class="button"
          href={exportQuery("parquet")}
          download="strata-models.parquet"
          data-testid="download-parquet"
        >
          Download Parquet
        </a>
        {pins.length > 0 ? (
          <a
            class="button primary"
            href={withPins("/compare", pins)}
            data-testid="compare-pinned"
            onClick={(e) => {
              e.preventDefault();
              navigate(withPins("/compare", pins));
            }}
          >
            Compare {pins.length} pinned
          </a>
        ) : (
          <span class="hint">tick up to {meta.limits.maxCompare} rows to compare them</span>
        )}
      </div>
      {error ? (
        <p class="error" role="alert" data-testid="error">
          {error}
        </p>
      ) : null}
      <VirtualTable
        query={query.toString()}
        columns={columns}
        sort={sort}
        onSort={onSort}
        hrefOf={(id) => withPins(`/model/${idPath(id)}`, pins)}
        pins={pins}
        onPin={onPin}
        onError={onError}
      />
    </section>
  );
}

/** Every dataset column, ticked when shown; order follows the dataset's column order. */
function ColumnPicker(props: { chosen: string[]; onChange: (cols: string[]) => void }) {
  const meta = useMeta();
  const toggle = (name: string) => {
    const set = new Set(props.chosen);
    if (set.has(name)) set.delete(name);
    else set.add(name);
    props.onChange(meta.columns.map((c) => c.name).filter((c) => set.has(c)));
  };
  return (
    <details class="picker" data-testid="column-picker">
      <summary class="button">Columns ({props.chosen.length})</summary>
      <div class="picker-list">
        {meta.columns.map((c) => (
          <label key={c.name}>
            <input
              type="checkbox"
              data-testid={`col-${c.name}`}
              checked={props.chosen.includes(c.name)}
              disabled={c.name === "id"}
              onChange={() => toggle(c.name)}
            />
            {c.name} <span class="kind">{c.kind}</span>
          </label>
        ))}
        <button type="button" onClick={() => props.onChange([...DEFAULT_COLUMNS])}>
          defaults
        </button>
      </div>
    </details>
  );
}
