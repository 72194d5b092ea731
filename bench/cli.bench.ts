/**
 * CLI start-up, whole process: `strata --help`, `strata models --limit 1` and `strata config` on the bundled
 * demo model, each timed from spawn to exit (the compiled CLI in dist/, as `npx strata` runs it), next to
 * a bare `node -e 0` in the same run, alternating A B A B so the ratio holds when the machine's speed
 * drifts. Needs dist/ (npm run build) and a dataset in strata-data/ for `models` (built when missing).
 * Run: node --import tsx bench/cli.bench.ts   (BENCH_RUNS=N, default 9)
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const CLI = `${ROOT}bin/strata.mjs`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

function wall(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return s;
}

if (!existsSync(`${ROOT}dist/cli/main.js`)) throw new Error("dist/ is missing: run npm run build first");
if (!existsSync(`${ROOT}strata-data/strata.duckdb`)) wall([CLI, "build"]);

const commands: [string, string[]][] = [
  ["strata --help", ["--help"]],
  ["strata models --limit 1", ["models", "--limit", "1"]],
  ["strata config data/models/stories260K", ["config", "data/models/stories260K"]],
];
console.log(`CLI start, whole process, median of ${RUNS} runs (target: at most 0.3 s wall on 2 cores)`);
console.log("command                                   strata s   node -e 0 s   ratio   over bare node s");
for (const [label, args] of commands) {
  wall([CLI, ...args]); // warm the file cache
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const x = wall([CLI, ...args]);
    const y = wall(["-e", "0"]);
    a.push(x);
    b.push(y);
    ratios.push(x / y);
  }
  console.log(
    `${label.padEnd(40)}  ${median(a).toFixed(3).padStart(8)}   ${median(b).toFixed(3).padStart(11)}   ${median(ratios).toFixed(2).padStart(5)}   ${(median(a) - median(b)).toFixed(3).padStart(16)}`,
  );
}
