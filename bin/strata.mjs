#!/usr/bin/env node
// Entry point for `npx strata`: the compiled CLI in dist/ (built by `npm ci` through `prepare`, or
// `npm run build`). Plain Node, no TypeScript loader.
import { existsSync } from "node:fs";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("strata: dist/ is missing; run `npm run build` (npm ci does it) first\n");
  process.exit(1);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
