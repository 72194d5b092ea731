/**
 * `npm start` (strata start: build the dataset, then the report) from a fresh data folder, timed as a
 * whole process, with OpenBLAS and without it (STRATA_BLAS=none, the pure-TypeScript matrix kernel) in
 * the same run; then `strata report` again on the unchanged dataset, answered from the results cache,
 * beside the first report. Also checks the job's progress bar: every ETA it printed after the first 10%
 * against the time that was really left. The machine's load average is printed before and after (the
 * development machine is shared).
 * Options: --skip-no-blas (one start only). Run: node --import tsx bench/start.bench.ts
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { "skip-no-blas": { type: "boolean", default: false } } });
const CLI = fileURLToPath(new URL("../bin/strata.mjs", import.meta.url));
const TARGET_START_S = 90;
const TARGET_CACHED_S = 10;

interface Run {
  seconds: number;
  /** Progress lines: elapsed and predicted remaining seconds, share done. */
  progress: { elapsed: number; eta: number; share: number }[];
  stdout: string;
}

/** Runs the CLI as its own process (stderr is not a TTY: plain progress lines every 5 s). */
function strata(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    const progress: Run["progress"] = [];
    child.stdout.on("data", (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on("data", (b: Buffer) => {
      const elapsed = (performance.now() - t0) / 1000;
      stderr += b.toString();
      for (const line of b.toString().split("\n")) {
        const m = / (\d+)% ETA ([\dhms.]+) /.exec(line);
        if (m) progress.push({ elapsed, eta: parseDuration(m[2] as string), share: Number(m[1]) / 100 });
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`strata ${args.join(" ")} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, progress, stdout });
    });
  });
}

/** "1m05s", "48s", "9.5s", "1h02m" (formatSeconds in src/cli/progress.ts) in seconds; NaN for "--". */
function parseDuration(s: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:([\d.]+)s)?$/.exec(s);
  if (!m || s === "") return Number.NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** The worst ratio between an ETA printed at 10% done or later and the time that was really left. */
function etaCheck(run: Run): string {
  const late = run.progress.filter((p) => p.share >= 0.1 && p.share < 1 && Number.isFinite(p.eta));
  if (late.length === 0) return "no progress line after 10% (run shorter than the 5 s line interval)";
  let worst = 1;
  let at = late[0] as Run["progress"][number];
  for (const p of late) {
    const left = Math.max(run.seconds - p.elapsed, 0.5);
    const ratio = Math.max(p.eta, 0.5) / left;
    const off = Math.max(ratio, 1 / ratio);
    if (off > worst) {
      worst = off;
      at = p;
    }
  }
  const left = run.seconds - at.elapsed;
  return `${late.length} ETAs after 10%, worst off by x${worst.toFixed(2)} (at ${(at.share * 100).toFixed(0)}%: said ${at.eta.toFixed(0)} s, ${left.toFixed(0)} s were left)`;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(`load average before: ${load()}`);

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), "strata-start-bench-"));
  dirs.push(d);
  return d;
};
try {
  const data = fresh();
  const start = await strata(["start", "--data-dir", data]);
  const report = JSON.parse(readFileSync(join(data, "report", "report.json"), "utf8")) as {
    meta: { fits?: { computed: number } };
  };
  console.log(
    `npm start (strata start, fresh data folder, OpenBLAS): ${start.seconds.toFixed(1)} s wall, ` +
      `${report.meta.fits?.computed ?? "?"} fits; target ${TARGET_START_S} s: ${start.seconds <= TARGET_START_S ? "met" : "missed"}`,
  );
  console.log(`  progress bar: ${etaCheck(start)}`);
  const again = await strata(["report", "--data-dir", data]);
  const cached = JSON.parse(readFileSync(join(data, "report", "report.json"), "utf8")) as {
    meta: { fits?: { computed: number; cached: number; shared: number } };
  };
  const firstReport = start.seconds; // the same report, fitted, inside npm start (with the build)
  console.log(
    `strata report again, unchanged dataset (results cache): ${again.seconds.toFixed(1)} s wall ` +
      `(${cached.meta.fits?.cached ?? "?"} fits from the cache, ${cached.meta.fits?.computed ?? "?"} refitted); ` +
      `ratio to the fresh npm start: ${(again.seconds / firstReport).toFixed(3)}; target ${TARGET_CACHED_S} s: ${again.seconds <= TARGET_CACHED_S ? "met" : "missed"}`,
  );
  if (!values["skip-no-blas"]) {
    const noBlas = await strata(["start", "--data-dir", fresh()], { STRATA_BLAS: "none" });
    console.log(
      `npm start without OpenBLAS (STRATA_BLAS=none): ${noBlas.seconds.toFixed(1)} s wall; ` +
        `ratio with / without: ${(start.seconds / noBlas.seconds).toFixed(2)}`,
    );
    console.log(`  progress bar: ${etaCheck(noBlas)}`);
  }
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
console.log(`load average after: ${load()}`);
