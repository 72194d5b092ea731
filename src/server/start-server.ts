import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isIP } from "node:net";
import { pipeline } from "node:stream/promises";
import { jsonReplacer } from "../contracts/index.ts";
import { Predictor } from "./api/predict.ts";
import { reportReader } from "./api/read-report.ts";
import { HttpError, ServeError } from "./errors.ts";
import {
  CACHE_BYTES,
  CACHE_ENTRIES,
  HEADERS_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  MAX_EXPORTS,
  MAX_URL_LENGTH,
  REQUEST_TIMEOUT_MS,
} from "./limits.ts";
import { LruCache } from "./lru-cache.ts";
import { StructureIndex } from "./nearest-structures.ts";
import { openStore } from "./open-store.ts";
import { type App, findRoute } from "./routes.ts";
import { isPageRoute, loadStaticFiles, type StaticFile } from "./static-files.ts";

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = "127.0.0.1";
/** Grace period for requests in flight when the server is asked to stop. */
const CLOSE_GRACE_MS = 1000;

export interface ServeOptions {
  /** Dataset folder holding strata.duckdb (and report/report.json for Findings). */
  dataDir: string;
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** The built front end (default dist/web of the package). */
  webDir?: string;
  /** Keep API answers for identical requests (default true; the bench turns it off to measure DuckDB). */
  cache?: boolean;
  /** Worker threads for the prediction forests (ml's default: up to 2). */
  predictWorkers?: number;
  /** How long `close()` lets requests in flight finish before cutting their sockets (default 1 s). */
  closeGraceMs?: number;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  dataDir: string;
  models: number;
  /** Things the user should know (listening beyond loopback). */
  warnings: string[];
  /** Stops accepting, ends open connections, closes the database. */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** The page may load and fetch only what this server serves: nothing leaves the machine. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Vega's SVG and tooltips set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const COMMON_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
};

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || (isIP(host) === 4 && host.startsWith("127."));
}

/**
 * Opens the dataset read-only, loads the built front end and listens. Resolves once the server accepts
 * connections; the caller stops it with `close()` (the CLI does on SIGINT/SIGTERM).
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const port = opts.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ServeError(`port must be 0-65535, got ${port}`);
  const files = loadStaticFiles(opts.webDir);
  const store = await openStore(opts.dataDir);
  const app: App = {
    store,
    structures: new StructureIndex(store.records),
    predictor: new Predictor(
      store.records,
      store.byId,
      opts.predictWorkers === undefined ? {} : { workers: opts.predictWorkers },
    ),
    readReport: reportReader(store.dataDir),
  };
  const cache = opts.cache === false ? null : new LruCache<Buffer>(CACHE_ENTRIES, CACHE_BYTES);
  const exports = semaphore(MAX_EXPORTS);
  const loopbackOnly = isLoopback(host);
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, err));
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? "/";
    if (raw.length > MAX_URL_LENGTH)
      throw new HttpError(414, `the URL is longer than ${MAX_URL_LENGTH} characters`);
    if (loopbackOnly) checkHost(req.headers.host);
    const q = raw.indexOf("?");
    const path = decodePath(q < 0 ? raw : raw.slice(0, q));
    const params = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
    const method = req.method ?? "GET";
    if (!path.startsWith("/api/")) return sendStatic(req, res, method, path, files);
    const found = findRoute(method, path);
    if (found === null) throw new HttpError(404, `no API endpoint ${path}`);
    if ("allow" in found) {
      throw new HttpError(405, `${path} takes ${found.allow.join(", ")}`, undefined, {
        Allow: found.allow.join(", "),
      });
    }
    const { route, rest } = found;
    let key: string | null = null;
    if (cache && route.cacheable) {
      const sorted = new URLSearchParams(params);
      sorted.sort();
      key = `${path}?${sorted}`;
      const hit = cache.get(key);
      if (hit) return sendBody(res, 200, "application/json; charset=utf-8", hit, method);
    }
    const answer =
      route.path === "/api/export"
        ? await exports(() => route.handle(app, { params, rest, raw: req }))
        : await route.handle(app, { params, rest, raw: req });
    if ("download" in answer) {
      const d = answer.download;
      try {
        res.writeHead(200, {
          ...COMMON_HEADERS,
          "Content-Type": d.contentType,
          "Content-Disposition": `attachment; filename="${d.filename}"`,
          "X-Strata-Rows": String(d.rows),
        });
        await pipeline(createReadStream(d.file), res);
      } finally {
        await d.cleanup();
      }
      return;
    }
    const body = Buffer.from(JSON.stringify(answer.json, jsonReplacer));
    if (key !== null) cache?.set(key, body, body.length);
    sendBody(res, 200, "application/json; charset=utf-8", body, method);
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    await store.close();
    const e = err as NodeJS.ErrnoException;
    throw new ServeError(
      e.code === "EADDRINUSE"
        ? `port ${port} on ${host} is in use: pass --port with another one (or 0 for any free port)`
        : `cannot listen on ${host}:${port}: ${e.message}`,
    );
  }
  const addr = server.address() as AddressInfo;
  const shown = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  const warnings = loopbackOnly
    ? []
    : [
        `listening on ${host}, not loopback: anyone who can reach this machine on port ${addr.port} can use the dashboard`,
      ];
  return {
    url: `http://${loopbackOnly && host === "localhost" ? "localhost" : shown}:${addr.port}/`,
    host,
    port: addr.port,
    dataDir: store.dataDir,
    models: store.records.length,
    warnings,
    close: () => closeServer(server, store.close, opts.closeGraceMs ?? CLOSE_GRACE_MS),
  };

  function checkHost(hostHeader: string | undefined): void {
    // A page on another site cannot reach a loopback server through DNS rebinding: its Host is foreign.
    const name = (hostHeader ?? "").replace(/:\d+$/, "");
    if (!isLoopback(name)) {
      throw new HttpError(
        403,
        `Host '${hostHeader ?? ""}' is not this loopback server; use ${host}:${(server.address() as AddressInfo | null)?.port ?? port}`,
      );
    }
  }
}

/**
 * The request path with each segment percent-decoded. A `..` or `.` segment (raw or encoded, e.g.
 * `%2e%2e`), a backslash or a NUL is refused outright (400) rather than normalized.
 */
export function decodePath(rawPath: string): string {
  if (!rawPath.startsWith("/")) throw new HttpError(400, "the request path must start with /");
  const segments = rawPath.split("/").map((s) => {
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      throw new HttpError(400, `malformed percent-encoding in the path segment '${s}'`);
    }
    if (d === ".." || d === "." || d.includes("\\") || d.includes("\0") || d.split("/").includes("..")) {
      throw new HttpError(400, `the path may not contain '..', '.', backslashes or NUL (segment '${s}')`);
    }
    return d;
  });
  return segments.join("/");
}

function sendStatic(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  files: Map<string, StaticFile>,
): void {
  if (method !== "GET" && method !== "HEAD")
    throw new HttpError(405, `${path} takes GET`, undefined, { Allow: "GET, HEAD" });
  const file = files.get(path) ?? (isPageRoute(path) ? files.get("/index.html") : undefined);
  if (!file) throw new HttpError(404, `no file ${path}`);
  const headers: Record<string, string> = {
    ...COMMON_HEADERS,
    ETag: file.etag,
    "Cache-Control": file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
    Vary: "Accept-Encoding",
  };
  if (file.type.startsWith("text/html")) headers["Content-Security-Policy"] = CSP;
  if (req.headers["if-none-match"] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = file.gzip !== null && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  if (gzip) headers["Content-Encoding"] = "gzip";
  sendBody(res, 200, file.type, gzip ? (file.gzip as Buffer) : file.body, method, headers);
}

function sendBody(
  res: ServerResponse,
  status: number,
  type: string,
  body: Buffer,
  method: string,
  headers: Record<string, string> = COMMON_HEADERS,
): void {
  res.writeHead(status, { ...headers, "Content-Type": type, "Content-Length": String(body.length) });
  res.end(method === "HEAD" ? undefined : body);
}

function sendError(res: ServerResponse, err: unknown): void {
  const e =
    err instanceof HttpError
      ? err
      : new HttpError(500, `internal error: ${(err as Error)?.message ?? String(err)}`);
  if (e.status === 500 && process.env.STRATA_DEBUG && err instanceof Error)
    process.stderr.write(`${err.stack}\n`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(JSON.stringify({ error: e.message, ...(e.param ? { param: e.param } : {}) }));
  res.writeHead(e.status, {
    ...COMMON_HEADERS,
    ...e.headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(body.length),
  });
  res.end(body);
  // A refused oversized body is not read: close the connection rather than drain it.
  if (e.headers.Connection === "close") res.once("finish", () => res.socket?.destroySoon());
}

async function closeServer(server: Server, closeStore: () => Promise<void>, graceMs: number): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    // In-flight requests get a moment to finish, then their sockets go.
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  });
  // Handlers of dropped sockets may still be querying: the store waits for them before closing.
  await closeStore();
}

/** At most `n` of the functions run at once; the rest wait their turn. */
function semaphore(n: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
