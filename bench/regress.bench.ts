// The study's regression table (ten regressors x six benchmarks, 5-fold random CV) on the real dataset,
// in Strata (worker threads on both cores) and in scikit-learn 1.2 + xgboost 1.7 (joblib, both cores) on
// the identical exported arrays, folds and hyperparameters. Prints both wall times, their ratio and the
// largest R^2 difference per cell. Builds the dataset first (strata-data/) when it is missing.
// Options: --data-dir DIR, --regressors rf,linear,..., --targets mmlu,arc, --workers N.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { V1_BENCHMARKS } from "../src/contracts/index.ts";
import {
  buildDataset,
  DatasetError,
  DEFAULT_DATA_DIR,
  datasetFile,
  loadRecords,
} from "../src/dataset/index.ts";
import {
  DEFAULT_FEATURES,
  featureMatrix,
  gemmBackend,
  makeFolds,
  REGRESSOR_NAMES,
  type RegressorName,
  runRegressionTable,
  type Target,
} from "../src/ml/index.ts";
import { REFERENCE_PYTHON, referenceUnavailable } from "../src/ml/reference/python.ts";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string", default: DEFAULT_DATA_DIR },
    regressors: { type: "string", default: REGRESSOR_NAMES.join(",") },
    targets: { type: "string", default: V1_BENCHMARKS.join(",") },
    workers: { type: "string", default: "2" },
  },
});
const dir = String(values["data-dir"]);
const regressors = String(values.regressors).split(",") as RegressorName[];
const targets = String(values.targets).split(",") as Target[];
const workers = Number(values.workers);
const SEED = 0;
const FOLDS = 5;

if (!existsSync(datasetFile(dir))) {
  console.log(`no dataset in ${dir}: building it from the bundled leaderboard exports...`);
  await buildDataset({ dataDir: dir });
}
const records = await loadRecords(dir).catch(async (err: unknown) => {
  // A dataset written by an older Strata (missing columns) is rebuilt rather than failing the bench.
  if (!(err instanceof DatasetError)) throw err;
  console.log(`${err.message}: rebuilding it from the bundled leaderboard exports...`);
  await buildDataset({ dataDir: dir });
  return loadRecords(dir);
});
console.log(`dataset ${dir}: ${records.length} records; MLP matrix kernel: ${gemmBackend}`);

// Strata.
const t0 = performance.now();
const table = await runRegressionTable(records, {
  protocol: "random",
  targets,
  regressors,
  folds: FOLDS,
  seed: SEED,
  workers,
});
const strataSeconds = (performance.now() - t0) / 1000;
const loadAfterStrata = loadavg()
  .map((l) => l.toFixed(2))
  .join(" ");

// The same arrays and folds for scikit-learn.
const missing = referenceUnavailable();
let sk: { seconds: number; cells: Record<string, number[]> } | null = null;
if (missing) console.log(`scikit-learn reference skipped: ${missing}`);
else {
  const tmp = mkdtempSync(join(tmpdir(), "strata-bench-"));
  try {
    const exported: Record<string, { X: number[][]; y: number[]; folds: number[][] }> = {};
    for (const target of targets) {
      const fm = featureMatrix(records, { target, features: DEFAULT_FEATURES });
      const folds = makeFolds("random", { n: fm.X.rows, groups: fm.groups, months: fm.months }, FOLDS, SEED);
      const X: number[][] = [];
      for (let i = 0; i < fm.X.rows; i++)
        X.push(Array.from(fm.X.data.subarray(i * fm.X.cols, (i + 1) * fm.X.cols)));
      exported[target] = { X, y: Array.from(fm.y ?? []), folds: folds.map((f) => Array.from(f.test)) };
    }
    writeFileSync(join(tmp, "in.json"), JSON.stringify({ seed: SEED, regressors, targets: exported }));
    const script = fileURLToPath(new URL("../src/ml/reference/regression_table.py", import.meta.url));
    const r = spawnSync(
      REFERENCE_PYTHON,
      [script, join(tmp, "in.json"), join(tmp, "out.json"), String(workers)],
      {
        encoding: "utf8",
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    if (r.status !== 0) throw new Error(`scikit-learn run failed (exit ${r.status})`);
    sk = JSON.parse(readFileSync(join(tmp, "out.json"), "utf8"));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const pad = (s: string, n: number) => s.padStart(n);
console.log(`\nR^2, 5-fold random CV, seed ${SEED}: Strata / scikit-learn (|difference|); n per target:`);
console.log(targets.map((t) => `${t} ${table.n[t]}`).join(", "));
console.log(
  [
    "regressor".padEnd(8),
    ...targets.map((t) => pad(t, 22)),
    pad("largest |diff|", 15),
    pad("time s (Strata)", 16),
  ].join(" "),
);
let worst = { diff: 0, cell: "" };
for (const r of regressors) {
  const row = [r.padEnd(8)];
  let ms = 0;
  let worstHere = 0;
  for (const t of targets) {
    const c = table.cells.find((x) => x.regressor === r && x.target === t);
    const ours = c?.r2 ?? Number.NaN;
    ms += c?.ms ?? 0;
    const folds = sk?.cells[`${r}|${t}`];
    const theirs = folds ? folds.reduce((a, b) => a + b, 0) / folds.length : Number.NaN;
    const diff = Math.abs(ours - theirs);
    if (diff > worst.diff) worst = { diff, cell: `${r} on ${t}` };
    if (diff > worstHere) worstHere = diff;
    row.push(
      pad(
        `${ours.toFixed(3)} / ${Number.isNaN(theirs) ? "-" : theirs.toFixed(3)} (${Number.isNaN(diff) ? "-" : diff.toFixed(3)})`,
        22,
      ),
    );
  }
  row.push(pad(sk ? worstHere.toFixed(3) : "-", 15));
  row.push(pad((ms / 1000).toFixed(1), 16));
  console.log(row.join(" "));
}
console.log(
  `\nStrata: ${strataSeconds.toFixed(1)} s wall (${workers} worker threads; load average then ${loadAfterStrata})`,
);
if (sk) {
  console.log(
    `scikit-learn ${"1.2"} + xgboost: ${sk.seconds.toFixed(1)} s wall (joblib, ${workers} processes; load average then ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")})`,
  );
  console.log(`ratio Strata / scikit-learn: ${(strataSeconds / sk.seconds).toFixed(2)}`);
  console.log(`largest |R^2 difference|: ${worst.diff.toFixed(3)} (${worst.cell})`);
}
