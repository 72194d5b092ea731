#!/usr/bin/env node
// Runs every bench/*.bench.ts (or those whose name contains an argument), one after another,
// each in its own Node process so one benchmark's memory does not skew the next.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../bench/", import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n=== ${f} ===\n`);
  const r = spawnSync(process.execPath, ["--import", "tsx", `${dir}${f}`], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(${f} exited with ${r.status})\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
