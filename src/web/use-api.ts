import { useEffect, useState } from "preact/hooks";
import { getJson, isAbort } from "./api.ts";

export type Loaded<T> = { data: T; error: null } | { data: null; error: string | null };

/** GETs `path?params` whenever either changes; the previous request is aborted. */
export function useApi<T>(path: string | null, params?: string): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null });
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    setState({ data: null, error: null });
    getJson<T>(path, params ? new URLSearchParams(params) : undefined, ctl.signal)
      .then((data) => setState({ data, error: null }))
      .catch((err: unknown) => {
        if (!isAbort(err)) setState({ data: null, error: (err as Error).message });
      });
    return () => ctl.abort();
  }, [path, params]);
  return state;
}
