import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback stand-in for the Hugging Face Hub that answers with the real API shapes and misbehaves on
 * request. Endpoints: GET /api/models (limit, filter, author, search, sort=createdAt, direction,
 * expand[], cursor; Link rel="next"), /api/models/{id}[/revision/{rev}], /{id}/resolve/{rev}/{file}
 * (ETag, X-Repo-Commit, Content-Length, Range -> 206 + Content-Range, X-Error-Code on 404),
 * /api/datasets/{repo}/tree/{rev}[/{path}] (recursive, paginated) and /datasets/{repo}/resolve/....
 */

/**
 * One misbehaviour, used by the next request it applies to: 429 (with Retry-After), 500/503, a response
 * that never arrives (hang), one that arrives after `slowMs` (slow), a body cut short with the full
 * Content-Length announced (truncate), or a socket destroyed before any response (reset).
 */
export type Fault = "429" | "500" | "503" | "hang" | "slow" | "truncate" | "reset";

export interface MockModel {
  id: string;
  sha?: string;
  createdAt: string;
  lastModified?: string;
  likes?: number;
  downloads?: number;
  tags?: string[];
  library_name?: string;
  pipeline_tag?: string;
  gated?: false | "auto" | "manual";
  /** Exact parameter count the Hub reports from safetensors; absent for .bin-only repos. */
  safetensorsTotal?: number;
  /** config.json content; undefined -> 404 EntryNotFound. */
  config?: Record<string, unknown>;
  /** Raw config.json text served as-is (e.g. malformed JSON); wins over `config`. */
  configText?: string;
  /** The repo vanished after listing: every file is 404 RepoNotFound. */
  deleted?: boolean;
  /** Faults for config.json requests, consumed one per request. */
  faults?: Fault[];
  /** A fault applied to every config.json request. */
  alwaysFault?: Fault;
}

export interface MockFile {
  /** Path inside the dataset repo. */
  path: string;
  content: Uint8Array | string;
}

export interface MockDataset {
  id: string;
  sha?: string;
  files: MockFile[];
}

export interface MockHubOptions {
  models: Iterable<MockModel> | MockModel[];
  datasets?: MockDataset[];
  /** Faults for listing requests, consumed in order (before any other listing answer). */
  listingFaults?: Fault[];
  /** Retry-After seconds sent with 429 (default 1). */
  retryAfterSeconds?: number;
  slowMs?: number;
  /** Tokens that may read gated repos. */
  grantedTokens?: string[];
  /** Largest page the listing hands out (the Hub's is 1000). */
  maxPageSize?: number;
  /** Tree entries per page (the Hub's is 1000). */
  treePageSize?: number;
}

export interface MockHub {
  url: string;
  /** Requests seen, by kind. */
  hits: { listing: number; config: number; modelInfo: number; tree: number; datasetFile: number };
  /** Config requests per model id (including retries). */
  configHits: Map<string, number>;
  close(): Promise<void>;
}

const DEFAULT_SHA = "0000000000000000000000000000000000000000";

function shaOf(s: string): string {
  return createHash("sha1").update(s).digest("hex");
}

/** Starts the mock on 127.0.0.1 with an ephemeral port. */
export async function startMockHub(options: MockHubOptions): Promise<MockHub> {
  const models = Array.isArray(options.models) ? options.models : [...options.models];
  const byId = new Map(models.map((m) => [m.id, m]));
  const datasets = new Map((options.datasets ?? []).map((d) => [d.id, d]));
  const listingFaults = [...(options.listingFaults ?? [])];
  const retryAfter = options.retryAfterSeconds ?? 1;
  const slowMs = options.slowMs ?? 200;
  const granted = new Set(options.grantedTokens ?? []);
  const maxPage = options.maxPageSize ?? 1000;
  const treePage = options.treePageSize ?? 1000;
  const hits = { listing: 0, config: 0, modelInfo: 0, tree: 0, datasetFile: 0 };
  const configHits = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  let base = "";

  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  };
  const notFound = (res: ServerResponse, code: string, message: string): void =>
    json(res, 404, { error: message }, { "x-error-code": code, "x-error-message": message });

  /** Applies a fault; returns true when the response is taken care of (or deliberately never sent). */
  const applyFault = async (
    fault: Fault | undefined,
    res: ServerResponse,
    body: string,
  ): Promise<boolean> => {
    switch (fault) {
      case undefined:
        return false;
      case "429":
        json(
          res,
          429,
          { error: "rate limited" },
          {
            "retry-after": String(retryAfter),
            ratelimit: `"api";r=0;t=${retryAfter}`,
            "ratelimit-policy": `"fixed window";"api";q=1000;w=300`,
          },
        );
        return true;
      case "500":
      case "503":
        json(res, Number(fault), { error: "Internal Error" });
        return true;
      case "hang":
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return true;
      case "slow":
        await new Promise((r) => setTimeout(r, slowMs));
        return false;
      case "truncate": {
        res.writeHead(200, {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
        });
        res.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
        // Flush the half body, then drop the connection as a broken proxy would.
        setTimeout(() => res.socket?.destroy(), 5);
        return true;
      }
      case "reset":
        res.socket?.destroy();
        return true;
      default:
        return fault satisfies never;
    }
  };

  const listing = async (url: URL, res: ServerResponse): Promise<void> => {
    hits.listing++;
    if (await applyFault(listingFaults.shift(), res, "[]")) return;
    const q = url.searchParams;
    const limit = Math.min(maxPage, Math.max(1, Number(q.get("limit") ?? "1000") || 1000));
    const filters = q.getAll("filter");
    const author = q.get("author");
    const search = q.get("search");
    let list = models.filter(
      (m) =>
        filters.every((f) => m.pipeline_tag === f || (m.tags ?? []).includes(f)) &&
        (author === null || m.id.startsWith(`${author}/`)) &&
        (search === null || m.id.toLowerCase().includes(search.toLowerCase())),
    );
    if (q.get("sort") === "createdAt") {
      const dir = q.get("direction") === "-1" ? -1 : 1;
      list = [...list].sort((a, b) => dir * a.createdAt.localeCompare(b.createdAt));
    }
    const cursor = q.get("cursor");
    const start = cursor ? Number(Buffer.from(cursor, "base64url").toString("utf8")) : 0;
    const expand = q.getAll("expand[]").concat(q.getAll("expand"));
    const page = list.slice(start, start + limit).map((m) => listedShape(m, expand));
    const headers: Record<string, string> = {};
    if (start + limit < list.length) {
      const next = new URL(url.href, base);
      next.searchParams.set("cursor", Buffer.from(String(start + limit)).toString("base64url"));
      headers.link = `<${base}${next.pathname}${next.search}>; rel="next"`;
    }
    json(res, 200, page, headers);
  };

  const resolveModelFile = async (
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    rev: string,
    file: string,
  ): Promise<void> => {
    hits.config++;
    configHits.set(id, (configHits.get(id) ?? 0) + 1);
    const m = byId.get(id);
    if (!m || m.deleted) return notFound(res, "RepoNotFound", `Repository not found: ${id}`);
    if (m.gated) {
      const auth = req.headers.authorization;
      if (!auth)
        return json(res, 401, { error: "Access to this model is restricted. You must be authenticated." });
      if (!granted.has(auth.replace(/^Bearer /, ""))) {
        return json(res, 403, {
          error: `Access to model ${id} is restricted and you are not in the authorized list.`,
        });
      }
    }
    const sha = m.sha ?? DEFAULT_SHA;
    if (rev !== "main" && rev !== sha) return notFound(res, "RevisionNotFound", `Invalid rev id: ${rev}`);
    if (file !== "config.json") return notFound(res, "EntryNotFound", `${file} does not exist on "${rev}"`);
    const text = m.configText ?? (m.config !== undefined ? JSON.stringify(m.config, null, 2) : undefined);
    const fault = m.faults?.shift() ?? m.alwaysFault;
    if (await applyFault(fault, res, text ?? "")) return;
    if (text === undefined) return notFound(res, "EntryNotFound", `config.json does not exist on "${rev}"`);
    sendFile(req, res, Buffer.from(text), sha, "text/plain; charset=utf-8");
  };

  const sendFile = (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    commit: string,
    type: string,
  ): void => {
    const headers: Record<string, string> = {
      "content-type": type,
      etag: `"${shaOf(body.toString("latin1"))}"`,
      "x-repo-commit": commit,
      "accept-ranges": "bytes",
    };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    if (range) {
      const from = Number(range[1]);
      const to = Math.min(body.length - 1, range[2] ? Number(range[2]) : body.length - 1);
      const part = body.subarray(from, to + 1);
      res.writeHead(206, {
        ...headers,
        "content-range": `bytes ${from}-${to}/${body.length}`,
        "content-length": String(part.length),
      });
      res.end(part);
      return;
    }
    res.writeHead(200, { ...headers, "content-length": String(body.length) });
    res.end(body);
  };

  const datasetTree = (url: URL, res: ServerResponse, repo: string, rest: string): void => {
    hits.tree++;
    const d = datasets.get(repo);
    if (!d) {
      notFound(res, "RepoNotFound", `Repository not found: ${repo}`);
      return;
    }
    const [, ...pathParts] = rest.split("/");
    const prefix = pathParts.join("/");
    const recursive = url.searchParams.get("recursive") === "true";
    const entries: { type: string; oid: string; size: number; path: string }[] = [];
    const dirs = new Set<string>();
    for (const f of d.files) {
      if (prefix && !f.path.startsWith(`${prefix}/`)) continue;
      const relParts = (prefix ? f.path.slice(prefix.length + 1) : f.path).split("/");
      if (!recursive && relParts.length > 1) {
        const dir = prefix ? `${prefix}/${relParts[0]}` : (relParts[0] ?? "");
        if (!dirs.has(dir)) {
          dirs.add(dir);
          entries.push({ type: "directory", oid: shaOf(dir), size: 0, path: dir });
        }
        continue;
      }
      const size = typeof f.content === "string" ? Buffer.byteLength(f.content) : f.content.byteLength;
      entries.push({ type: "file", oid: shaOf(f.path), size, path: f.path });
    }
    const cursor = url.searchParams.get("cursor");
    const start = cursor ? Number(Buffer.from(cursor, "base64url").toString("utf8")) : 0;
    const headers: Record<string, string> = {};
    if (start + treePage < entries.length) {
      const next = new URL(url.href, base);
      next.searchParams.set("cursor", Buffer.from(String(start + treePage)).toString("base64url"));
      headers.link = `<${base}${next.pathname}${next.search}>; rel="next"`;
    }
    json(res, 200, entries.slice(start, start + treePage), headers);
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", base);
    const path = decodeURIComponent(url.pathname);
    if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { error: "method not allowed" });
    if (path === "/api/models") return listing(url, res);
    let m = /^\/api\/models\/([^/]+\/[^/]+|[^/]+)(?:\/revision\/([^/]+))?$/.exec(path);
    if (m?.[1] !== undefined) {
      hits.modelInfo++;
      const model = byId.get(m[1]);
      if (!model || model.deleted) return notFound(res, "RepoNotFound", `Repository not found: ${m[1]}`);
      return json(
        res,
        200,
        infoShape(model, url.searchParams.getAll("expand[]").concat(url.searchParams.getAll("expand"))),
      );
    }
    m = /^\/api\/datasets\/([^/]+\/[^/]+)\/tree\/(.+)$/.exec(path);
    if (m?.[1] !== undefined && m[2] !== undefined) return datasetTree(url, res, m[1], m[2]);
    m = /^\/datasets\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (m?.[1] !== undefined && m[3] !== undefined) {
      hits.datasetFile++;
      const d = datasets.get(m[1]);
      const f = d?.files.find((x) => x.path === m?.[3]);
      if (!d) return notFound(res, "RepoNotFound", `Repository not found: ${m[1]}`);
      if (!f) return notFound(res, "EntryNotFound", `${m[3]} does not exist`);
      const body = typeof f.content === "string" ? Buffer.from(f.content) : Buffer.from(f.content);
      return sendFile(req, res, body, d.sha ?? DEFAULT_SHA, "application/octet-stream");
    }
    m = /^\/([^/]+\/[^/]+|[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (m?.[1] !== undefined && m[2] !== undefined && m[3] !== undefined) {
      return resolveModelFile(req, res, m[1], m[2], m[3]);
    }
    return json(res, 404, { error: "Sorry, we can't find the page you are looking for." });
  };

  const server: Server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(err) });
      else res.destroy();
    });
  });
  // undici drops a connection 1 s before the hinted timeout: a 1 s hint would mean a new connection per request.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    hits,
    configHits,
    close: async () => {
      for (const r of hanging) r.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The listing item the Hub returns: _id and id, plus the expanded fields only. */
const listedShape = (m: MockModel, expand: string[]): Record<string, unknown> => infoShape(m, expand);

function infoShape(m: MockModel, expand: string[]): Record<string, unknown> {
  const full: Record<string, unknown> = {
    _id: shaOf(m.id).slice(0, 24),
    id: m.id,
    sha: m.sha ?? DEFAULT_SHA,
    createdAt: m.createdAt,
    lastModified: m.lastModified ?? m.createdAt,
    likes: m.likes ?? 0,
    downloads: m.downloads ?? 0,
    tags: m.tags ?? [],
    library_name: m.library_name,
    pipeline_tag: m.pipeline_tag,
    gated: m.gated ?? false,
    private: false,
    safetensors:
      m.safetensorsTotal !== undefined
        ? { parameters: { BF16: m.safetensorsTotal }, total: m.safetensorsTotal }
        : undefined,
  };
  // Without expand the Hub returns its default set; with expand, exactly the fields asked for.
  const keys =
    expand.length > 0
      ? expand
      : [
          "pipeline_tag",
          "private",
          "gated",
          "downloads",
          "likes",
          "lastModified",
          "tags",
          "library_name",
          "createdAt",
        ];
  const out: Record<string, unknown> = { _id: full._id, id: m.id };
  for (const k of keys) if (full[k] !== undefined) out[k] = full[k];
  return out;
}
