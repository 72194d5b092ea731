import { useEffect, useState } from "preact/hooks";

/**
 * All view state lives in the URL (path = view, query = its settings), so any view can be shared or
 * reloaded. Navigation uses the History API; views re-render on every URL change.
 */
const CHANGE = "strata:urlchange";

export interface Route {
  path: string;
  params: URLSearchParams;
}

function current(): Route {
  return { path: decodeURIComponent(location.pathname), params: new URLSearchParams(location.search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    addEventListener("popstate", update);
    addEventListener(CHANGE, update);
    return () => {
      removeEventListener("popstate", update);
      removeEventListener(CHANGE, update);
    };
  }, []);
  return route;
}

/** Goes to `href` (same origin), adding a history entry unless `replace`. */
export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  dispatchEvent(new Event(CHANGE));
  if (!replace) scrollTo(0, 0);
}

/** Sets (or, with null or "", removes) query parameters of the current URL, replacing the history entry. */
export function setParams(update: Record<string, string | null>, replace = true): void {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(update)) {
    if (v === null || v === "") p.delete(k);
    else p.set(k, v);
  }
  const qs = p.toString();
  navigate(`${location.pathname}${qs ? `?${qs}` : ""}`, replace);
}

/** A link click handled in the page (plain clicks only; modified clicks keep the browser's behaviour). */
export function linkHandler(href: string) {
  return (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
}

/** The pinned models (for Compare), carried in every view's URL as `pins=a,b`. */
export function pinsOf(params: URLSearchParams): string[] {
  return (params.get("pins") ?? "").split(",").filter(Boolean);
}

export function withPins(href: string, pins: readonly string[]): string {
  if (pins.length === 0) return href;
  const [path, qs = ""] = href.split("?");
  const p = new URLSearchParams(qs);
  p.set("pins", pins.join(","));
  return `${path}?${p}`;
}
