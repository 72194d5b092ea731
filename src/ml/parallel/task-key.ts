import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gemmBackend } from "../blas.ts";
import { getRegressor } from "../registry.ts";
import type { Matrix, RegressorName } from "../types.ts";
import type { Task } from "./tasks.ts";

/** Bumped when the key's recipe or an entry's layout changes. */
export const TASK_KEY_FORMAT = 1;

const fingerprints = new Map<string, string>();

/**
 * Strata's version and a hash of the code that fits (ml/ and linalg/, tests and the Python references
 * left out), computed once per process: a changed regressor, even without a version bump, never meets
 * results an older one cached. `withProbe` adds probe/ and native/ (the fine-tuned LLM runs on them).
 */
export function codeFingerprint(withProbe = false): string {
  const known = fingerprints.get(String(withProbe));
  if (known !== undefined) return known;
  const ml = fileURLToPath(new URL("../", import.meta.url));
  const roots = [ml, fileURLToPath(new URL("../../linalg/", import.meta.url))];
  if (withProbe) {
    roots.push(fileURLToPath(new URL("../../probe/", import.meta.url)));
    roots.push(fileURLToPath(new URL("../../native/", import.meta.url)));
  }
  const h = createHash("sha256");
  h.update(`strata ${strataVersion()}\n`);
  for (const root of roots) {
    for (const file of listSources(root)) {
      h.update(`${relative(ml, file)}\n`);
      h.update(readFileSync(file));
    }
  }
  const fingerprint = h.digest("hex");
  fingerprints.set(String(withProbe), fingerprint);
  return fingerprint;
}

function strataVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

function listSources(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) {
      if (name !== "reference") out.push(...listSources(file));
    } else if (/\.(ts|js|mjs)$/.test(name) && !/\.test\./.test(name)) out.push(file);
  }
  return out;
}

/**
 * The cache key of a task: a SHA-256 over everything its result depends on: the code (codeFingerprint),
 * the kind, the regressor with its hyperparameters, the seed, the permutation repeats, the matrix kernel
 * the MLP uses (OpenBLAS and the TypeScript kernel round differently), and every value of the training
 * and test arrays. The arrays stand for the dataset, the protocol and the fold: two fits with the same
 * arrays are the same fit, whatever produced them. Null for tasks that are not cached (conformal fits).
 */
export function taskKey(task: Task): string | null {
  switch (task.kind) {
    case "fit-predict":
      return fitKey(task.regressor, task.seed, task.X, task.y, task.Xtest);
    case "permutation":
      return digest({ kind: "permutation", regressor: "rf", seed: task.seed, repeats: task.repeats }, [
        task.X,
        task.y,
        task.Xtest,
        task.ytest,
      ]);
    case "impurity":
      return digest({ kind: "impurity", regressor: "rf", seed: task.seed }, [task.X, task.y]);
    case "conformal":
    case "conformal-fit":
      return null;
    default:
      task satisfies never;
      return null;
  }
}

/** The key of fitting `regressor` on (X, y) and predicting Xtest: what a fit-predict task computes. */
export function fitKey(
  regressor: RegressorName,
  seed: number,
  X: Matrix,
  y: Float64Array,
  Xtest: Matrix,
): string {
  return digest({ kind: "fit-predict", regressor, seed }, [X, y, Xtest]);
}

function digest(
  what: { kind: string; regressor: RegressorName; seed: number; repeats?: number },
  arrays: readonly (Matrix | Float64Array)[],
): string {
  const h = createHash("sha256");
  const spec = getRegressor(what.regressor);
  const header = {
    format: TASK_KEY_FORMAT,
    code: codeFingerprint(),
    ...what,
    params: spec.params,
    ...(what.regressor === "mlp" ? { gemm: gemmBackend } : {}),
    shapes: arrays.map((a) => (a instanceof Float64Array ? [a.length] : [a.rows, a.cols])),
  };
  h.update(JSON.stringify(header));
  for (const a of arrays) {
    const data = a instanceof Float64Array ? a : a.data;
    h.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return h.digest("hex");
}

/** Model folders up to this size are hashed whole; larger ones by file sizes, times and headers. */
const HASH_WHOLE_MODEL_BYTES = 64 * 1024 * 1024;

/**
 * What a base model's folder holds, as a hash: every file's name and bytes when the folder is small
 * (the bundled stories260K), else every file's name, size and modification time plus the small files'
 * bytes (config, tokenizer), so rewritten weights are noticed without reading gigabytes.
 */
export function modelFingerprint(dir: string): string {
  const h = createHash("sha256");
  const files = readdirSync(dir)
    .sort()
    .map((name) => ({ name, file: join(dir, name), stat: statSync(join(dir, name)) }))
    .filter((f) => f.stat.isFile());
  const total = files.reduce((n, f) => n + f.stat.size, 0);
  for (const f of files) {
    h.update(`${f.name}\n${f.stat.size}\n`);
    if (total <= HASH_WHOLE_MODEL_BYTES || f.stat.size <= 1024 * 1024) h.update(readFileSync(f.file));
    else h.update(`${f.stat.mtimeMs}\n`);
  }
  return h.digest("hex");
}

/**
 * The cache key of one fold of the fine-tuned LLM: the code (ml, linalg, probe, native), the base
 * model's contents, the training settings and seed, the matrix kernel, and the fold's training texts
 * and held-out prompts (`examples`, `tests`: JSON of what the fold reads).
 */
export function llmFoldKey(what: {
  model: string;
  settings: Record<string, unknown>;
  seed: number;
  examples: string;
  tests: string;
}): string {
  const h = createHash("sha256");
  h.update(
    JSON.stringify({
      format: TASK_KEY_FORMAT,
      kind: "llm-fold",
      code: codeFingerprint(true),
      model: modelFingerprint(what.model),
      settings: what.settings,
      seed: what.seed,
      gemm: gemmBackend,
    }),
  );
  h.update(`\n${what.examples}\n${what.tests}`);
  return h.digest("hex");
}
