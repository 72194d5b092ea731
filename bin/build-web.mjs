#!/usr/bin/env node
// Builds the dashboard's front end (src/web) into dist/web with esbuild: one small entry for the first
// page, chart code (vega-embed) split into a chunk loaded when a view draws a chart. Run by `npm ci`
// (the `prepare` script) and `npm run build:web`; `strata serve` only serves what this wrote.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const out = `${root}dist/web`;
let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  // `npm ci --omit=dev` has no bundler: say so and leave serving to a full install.
  process.stderr.write("build-web: esbuild is not installed (npm ci --omit=dev?); dist/web not built\n");
  process.exit(0);
}
const started = performance.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/assets`, { recursive: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ["src/web/main.tsx"],
  outdir: `${out}/assets`,
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "linked",
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[hash]",
  assetNames: "[name]-[hash]",
  jsx: "automatic",
  jsxImportSource: "preact",
  tsconfig: "src/web/tsconfig.json",
  metafile: true,
  logLevel: "warning",
});
const outputs = Object.entries(result.metafile.outputs);
const entry = outputs.find(([, o]) => o.entryPoint === "src/web/main.tsx");
const css = outputs.find(([f]) => f.endsWith(".css"));
if (!entry) throw new Error("build-web: no entry output");
const asset = (f) => `/assets/${basename(f)}`;
const html = readFileSync(`${root}src/web/index.html`, "utf8")
  .replace("<!--script-->", `<script type="module" src="${asset(entry[0])}"></script>`)
  .replace("<!--style-->", css ? `<link rel="stylesheet" href="${asset(css[0])}">` : "");
writeFileSync(`${out}/index.html`, html);
writeFileSync(
  `${out}/build.json`,
  `${JSON.stringify({ builtAt: new Date().toISOString(), metafile: result.metafile })}\n`,
);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const sizes = outputs
  .filter(([f]) => f.endsWith(".js") || f.endsWith(".css"))
  .map(([f, o]) => `${basename(f)} ${kb(o.bytes)}`)
  .join(", ");
process.stdout.write(`built dist/web in ${((performance.now() - started) / 1000).toFixed(1)}s: ${sizes}\n`);
