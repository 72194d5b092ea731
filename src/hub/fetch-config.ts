import { HubError } from "./errors.ts";

/** Largest config.json accepted (real ones are a few KB; some carry big id2label maps). */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

export type FetchConfigResult =
  | {
      status: "fetched";
      text: string;
      config: Record<string, unknown>;
      commit: string | null;
      etag: string | null;
    }
  | { status: "gated" | "missing" | "failed"; reason: string; httpStatus: number | null };

export interface FetchConfigParams {
  hubUrl: string;
  id: string;
  /** Commit sha or branch; default "main". */
  revision?: string | null;
  path?: string;
  fetch: typeof fetch;
}

/**
 * Downloads and parses one config.json with a single GET on /{id}/resolve/{rev}/config.json.
 * Plain fetch rather than @huggingface/hub's downloadFile: that one first asks fileDownloadInfo
 * (a second request per file), which would halve the crawl rate under the Resolvers limit.
 * Never throws for a per-model problem: gated/missing/failed come back with a reason.
 */
export async function fetchConfig(params: FetchConfigParams): Promise<FetchConfigResult> {
  const path = params.path ?? "config.json";
  const rev = encodeURIComponent(params.revision ?? "main");
  const url = `${params.hubUrl}/${params.id.split("/").map(encodeURIComponent).join("/")}/resolve/${rev}/${path}`;
  let res: Response;
  try {
    res = await params.fetch(url);
  } catch (err) {
    const reason = err instanceof HubError ? err.message : `${url}: ${(err as Error).message}`;
    return { status: "failed", reason, httpStatus: null };
  }
  if (res.status === 401 || res.status === 403) {
    return { status: "gated", reason: `HTTP ${res.status} ${url}`, httpStatus: res.status };
  }
  if (res.status === 404) {
    const code = res.headers.get("x-error-code");
    return {
      status: "missing",
      reason: `HTTP 404 ${code ?? ""} ${url}`.replace(/\s+/g, " "),
      httpStatus: 404,
    };
  }
  if (!res.ok) return { status: "failed", reason: `HTTP ${res.status} ${url}`, httpStatus: res.status };
  const buf = new Uint8Array(await res.arrayBuffer());
  if (buf.byteLength > MAX_CONFIG_BYTES) {
    return {
      status: "failed",
      reason: `config.json over ${MAX_CONFIG_BYTES} bytes: ${url}`,
      httpStatus: res.status,
    };
  }
  const text = new TextDecoder("utf-8").decode(buf);
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (err) {
    return {
      status: "failed",
      reason: `malformed JSON in ${url} (${buf.byteLength} bytes): ${(err as Error).message}`,
      httpStatus: res.status,
    };
  }
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    return { status: "failed", reason: `${url}: config.json is not a JSON object`, httpStatus: res.status };
  }
  return {
    status: "fetched",
    text,
    config: config as Record<string, unknown>,
    commit: res.headers.get("x-repo-commit"),
    etag: res.headers.get("etag") ?? res.headers.get("x-linked-etag"),
  };
}
