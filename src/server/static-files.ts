import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { ServeError } from "./errors.ts";

/** Where `npm run build:web` (run by `npm ci` through `prepare`) writes the front end. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL("../../dist/web/", import.meta.url));

/** The page's client-side routes: each answers with index.html, the front end picks the view. */
export const PAGE_ROUTES = ["/", "/models", "/compare", "/explore", "/predict", "/findings"] as const;
/** Model pages: /model/<hub id>. */
export const MODEL_PAGE_PREFIX = "/model/";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** Text assets larger than this are also kept gzipped. */
const GZIP_ABOVE = 1024;

export interface StaticFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  /** Hashed file names never change content: cache them for good. */
  immutable: boolean;
}

/**
 * The built front end, read into memory once at start: requests are answered from this map by exact
 * URL path, so no request path ever reaches the file system (no traversal possible by construction).
 */
export function loadStaticFiles(dir = DEFAULT_WEB_DIR): Map<string, StaticFile> {
  if (!existsSync(join(dir, "index.html"))) {
    throw new ServeError(
      `the web front end is not built (no ${join(dir, "index.html")}): run \`npm run build:web\` (\`npm ci\` runs it)`,
    );
  }
  const files = new Map<string, StaticFile>();
  for (const file of walk(dir)) {
    const type = TYPES[extname(file)];
    if (type === undefined) continue;
    const body = readFileSync(file);
    const text = type.startsWith("text/") || type.includes("json") || type.includes("svg");
    files.set(`/${relative(dir, file).split(sep).join("/")}`, {
      body,
      gzip: text && body.length > GZIP_ABOVE ? gzipSync(body, { level: 9 }) : null,
      type,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
      immutable: /-[A-Z0-9]{8}\.(js|css)$/.test(file),
    });
  }
  return files;
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

/** Whether a path is one of the page's routes (answered with index.html). */
export function isPageRoute(path: string): boolean {
  return (
    (PAGE_ROUTES as readonly string[]).includes(path) ||
    (path.startsWith(MODEL_PAGE_PREFIX) && path.length > MODEL_PAGE_PREFIX.length)
  );
}
