import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from "@tanstack/virtual-core";
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from "preact/hooks";
import type { ModelPage } from "../../server/api/list-models.ts";
import { getJson, isAbort } from "../api.ts";
import { formatValue } from "../format.ts";
import { linkHandler } from "../router.ts";

const ROW_HEIGHT = 28;
/** Rows fetched per request as the user scrolls (the API allows up to 1,000). */
const PAGE_ROWS = 200;

export interface TableColumn {
  name: string;
  kind: string;
}

type Row = Record<string, unknown>;

/**
 * The models table: every matching row is scrollable, only the visible ones (plus overscan) are in the
 * DOM (@tanstack/virtual-core), and rows are fetched from /api/models a page at a time as they come into
 * view. `query` is the selection + sort + columns; changing it starts over from the top.
 */
export function VirtualTable(props: {
  query: string;
  columns: TableColumn[];
  sort: string | null;
  onSort: (column: string) => void;
  /** The model page of a row (the id cell links to it). */
  hrefOf: (id: string) => string;
  pins: readonly string[];
  onPin: (id: string) => void;
  onError: (msg: string | null) => void;
}) {
  const { query, columns, onError } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [total, setTotal] = useState<number | null>(null);
  const pages = useRef(new Map<number, Row[] | "loading">());
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLDivElement, HTMLDivElement>({
        count: 0,
        getScrollElement: () => scroller.current,
        estimateSize: () => ROW_HEIGHT,
        scrollToFn: elementScroll,
        observeElementRect,
        observeElementOffset,
        overscan: 20,
        onChange: () => rerender(0),
      }),
  );
  virtualizer.setOptions({ ...virtualizer.options, count: total ?? 0 });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());

  // A new query: forget the pages, go back to the top, load the first page (which gives the total).
  // A layout effect, so the request leaves before the browser paints rather than a frame later.
  useLayoutEffect(() => {
    pages.current = new Map();
    setTotal(null);
    scroller.current?.scrollTo({ top: 0 });
    const ctl = new AbortController();
    load(0, ctl.signal, true);
    return () => ctl.abort();
  }, [query]);

  function load(page: number, signal?: AbortSignal, first = false): void {
    if (pages.current.has(page)) return;
    pages.current.set(page, "loading");
    const p = new URLSearchParams(query);
    p.set("offset", String(page * PAGE_ROWS));
    p.set("limit", String(PAGE_ROWS));
    const mine = pages.current;
    getJson<ModelPage>("/api/models", p, signal)
      .then((r) => {
        if (pages.current !== mine) return;
        mine.set(page, r.rows);
        if (first) setTotal(r.total);
        onError(null);
        rerender(0);
      })
      .catch((err: unknown) => {
        if (pages.current === mine) mine.delete(page);
        if (!isAbort(err)) onError((err as Error).message);
      });
  }

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (total === null || total === 0) return;
    for (let pg = Math.floor(first / PAGE_ROWS); pg <= Math.floor(last / PAGE_ROWS); pg++) load(pg);
  });

  const template = `34px ${columns.map((c) => `${widthOf(c)}px`).join(" ")}`;
  const width = 34 + columns.reduce((s, c) => s + widthOf(c), 0);
  const rowAt = (i: number): Row | null => {
    const page = pages.current.get(Math.floor(i / PAGE_ROWS));
    return Array.isArray(page) ? (page[i % PAGE_ROWS] ?? null) : null;
  };
  const sortCol = props.sort?.replace(/^-/, "") ?? null;
  const desc = props.sort?.startsWith("-") ?? false;
  return (
    <div class="table" ref={scroller} data-testid="models-table" data-total={total ?? ""}>
      <div class="thead" style={{ gridTemplateColumns: template, width }}>
        <div class="th pin" title="pin to compare">
          ⚲
        </div>
        {columns.map((c) => (
          <button
            type="button"
            key={c.name}
            class={`th ${isNumeric(c) ? "num" : ""}`}
            data-testid={`sort-${c.name}`}
            data-sort={sortCol === c.name ? (desc ? "descending" : "ascending") : "none"}
            onClick={() => props.onSort(c.name)}
            title={`sort by ${c.name}`}
          >
            {c.name}
            {sortCol === c.name ? (desc ? " ▼" : " ▲") : ""}
          </button>
        ))}
      </div>
      <div class="tbody" style={{ height: virtualizer.getTotalSize(), width }}>
        {items.map((item) => {
          const row = rowAt(item.index);
          const id = row ? String(row.id) : null;
          return (
            <div
              key={item.key}
              class="tr"
              data-index={item.index}
              style={{ transform: `translateY(${item.start}px)`, gridTemplateColumns: template }}
            >
              <div class="td pin">
                {id ? (
                  <input
                    type="checkbox"
                    aria-label={`pin ${id}`}
                    checked={props.pins.includes(id)}
                    onChange={() => props.onPin(id)}
                  />
                ) : null}
              </div>
              {columns.map((c) => (
                <div key={c.name} class={`td ${isNumeric(c) ? "num" : ""}`}>
                  {row && c.name === "id" && id ? (
                    <a href={props.hrefOf(id)} onClick={linkHandler(props.hrefOf(id))}>
                      {id}
                    </a>
                  ) : row ? (
                    formatValue(row[c.name], c.kind)
                  ) : (
                    ""
                  )}
                </div>
              ))}
            </div>
          );
        })}
        {total === 0 ? <p class="empty">No model matches.</p> : null}
      </div>
    </div>
  );
}

const isNumeric = (c: TableColumn) => c.kind === "int" || c.kind === "float";

function widthOf(c: TableColumn): number {
  if (c.name === "id" || c.name === "base_model" || c.name === "imputed_from") return 340;
  if (c.kind === "json" || c.kind === "list") return 300;
  if (isNumeric(c) || c.kind === "bool") return Math.max(72, c.name.length * 8 + 24);
  return 130;
}
