#!/usr/bin/env node
// `npm run readme:examples`: reruns the README's command examples and writes what they print under them,
// so the examples are real runs, not typed by hand. A fenced block is an example when its first line is
// `$ npx strata <command> ...` with <command> one of EXAMPLE_COMMANDS; the rest of the block is replaced
// by the command's output (stdout; stderr too when it fails), long outputs cut in the middle with "...".
// Run it after `npm start` (the examples read strata-data/). Arguments keep only those commands
// (`npm run readme:examples -- probe` reruns the probe examples alone).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
/** Commands whose examples are cheap and need nothing but the bundled dataset (probe: the bundled model). */
const EXAMPLE_COMMANDS = new Set([
  "config",
  "build",
  "models",
  "stats",
  "export",
  "regress",
  "predict",
  "probe",
]);
const only = process.argv.slice(2);
/** Longer outputs keep their head and tail. */
const MAX_LINES = 60;
const HEAD = 50;
const TAIL = 6;

const readme = join(root, "README.md");
const lines = readFileSync(readme, "utf8").split("\n");
const out = [];
let changed = 0;
for (let i = 0; i < lines.length; i++) {
  const line = lines[i];
  const next = lines[i + 1] ?? "";
  const m = /^\$ npx strata (\S+)(.*)$/.exec(next);
  if (line !== "```" || !m || !EXAMPLE_COMMANDS.has(m[1]) || (only.length > 0 && !only.includes(m[1]))) {
    out.push(line);
    continue;
  }
  let end = i + 2;
  while (end < lines.length && lines[end] !== "```") end++;
  const args = `${m[1]}${m[2]}`;
  process.stderr.write(`strata ${args}\n`);
  const r = spawnSync("bash", ["-c", `node bin/strata.mjs ${args}`], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "true" },
  });
  let text = r.stdout.replace(/\s+$/, "");
  if (r.status !== 0) text = `${text}\n${r.stderr.replace(/\s+$/, "")}`.trim();
  let body = text.split("\n");
  if (body.length > MAX_LINES) body = [...body.slice(0, HEAD), "...", ...body.slice(-TAIL)];
  out.push("```", next, ...body, "```");
  i = end;
  changed++;
}
writeFileSync(readme, out.join("\n"));
process.stdout.write(`README.md: ${changed} examples rerun\n`);
