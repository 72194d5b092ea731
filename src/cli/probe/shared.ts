import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { checkOutputDir, UsageError } from "../../contracts/index.ts";
import {
  DEMO_MODEL_DIR,
  DEMO_MODEL_PATH,
  GRADIENT_TASKS,
  readCheckpointConfig,
  WEIGHT_CACHING,
} from "../../probe/index.ts";
import type { PositionalSpec } from "../command.ts";
import { dataDirFlag } from "../common-flags.ts";
import { flag } from "../flags.ts";

/**
 * Flags and checks the `strata probe` sub-commands share. Every check runs before model work starts and
 * fails with a UsageError (exit 2) naming the flag and value.
 */

export const MODEL_POSITIONAL: PositionalSpec = {
  name: "MODEL",
  description: `Model folder (config.json, *.safetensors, tokenizer.json); default: the bundled demo model ${DEMO_MODEL_PATH}`,
};

/** The MODEL positional resolved against the working directory, or the bundled demo model. */
export function modelDir(ctx: { positionals: string[]; cwd: string }): string {
  const m = ctx.positionals[0];
  return m === undefined ? DEMO_MODEL_DIR : resolve(ctx.cwd, m);
}

export const BOS_FLAGS = {
  bos: flag.boolean({ description: "Start every sequence with the tokenizer's BOS token" }),
  "no-bos": flag.boolean({ description: "Never start a sequence with BOS" }),
};

/** --bos / --no-bos: true, false, or undefined (the command's default convention). */
export function bosChoice(f: { bos: boolean; "no-bos": boolean }): boolean | undefined {
  if (f.bos && f["no-bos"]) throw new UsageError("--bos and --no-bos contradict each other; give one");
  return f.bos ? true : f["no-bos"] ? false : undefined;
}

export const CACHING_FLAG = {
  caching: flag.choice(WEIGHT_CACHING, {
    arg: "MODE",
    description:
      "Where weights live between uses: f32 (all widened), stored (raw stored bytes in memory), disk (re-read per layer: least memory); default by size",
  }),
};

export const SAVE_FLAGS = {
  save: flag.boolean({
    description:
      "Also write the result (JSON and SVG) into <data-dir>/probe/, where `strata report` reads it",
  }),
  "data-dir": dataDirFlag("Dataset folder for --save"),
};

/** The dataset folder to save into (checked writable now), or null without --save. */
export function saveDir(f: { save: boolean; "data-dir": string }): string | null {
  return f.save ? checkOutputDir(f["data-dir"], "--data-dir (for --save)") : null;
}

/**
 * A file the command will write (--svg FILE), checked now so that a long computation is not lost to a
 * missing folder or a path that is a folder.
 */
export function outputFile(path: string | undefined, flagName: string): string | undefined {
  if (path === undefined) return undefined;
  const dir = dirname(path);
  if (!existsSync(dir)) throw new UsageError(`--${flagName}: folder ${dir} does not exist (for ${path})`);
  if (!statSync(dir).isDirectory())
    throw new UsageError(`--${flagName}: ${dir} is not a folder (for ${path})`);
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new UsageError(`--${flagName}: ${path} is a folder; give a file name`);
  }
  return path;
}

/** A folder the command will create (--out DIR): absent, or an empty folder; never an existing file. */
export function outputFolder(path: string, flagName: string): string {
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new UsageError(`--${flagName}: ${path} is a file, not a folder`);
    if (readdirSync(path).length > 0)
      throw new UsageError(`--${flagName}: folder ${path} exists and is not empty`);
  }
  let parent = dirname(path);
  while (!existsSync(parent)) parent = dirname(parent);
  if (!statSync(parent).isDirectory())
    throw new UsageError(`--${flagName}: ${parent} is a file, not a folder`);
  return path;
}

/**
 * Checks that `n` layers can be removed from the model in `dir` (at least one must stay), before any
 * work; an unreadable config is left for the loader to report.
 */
export function checkRemovable(dir: string, n: number, flagName: string): void {
  let layers: number;
  try {
    layers = readCheckpointConfig(dir).config.layers;
  } catch {
    return;
  }
  if (n >= layers) {
    throw new UsageError(
      `${flagName}: cannot pick ${n} of ${layers} layers to remove (at most ${layers - 1}: keep at least one)`,
    );
  }
}

/**
 * --task of `probe grad`: a bundled task name, or a JSON Lines file (a value with a path separator or a
 * .jsonl/.json ending, or an existing file). Anything else is an unknown task (exit 2).
 */
export function gradientTask(value: string, cwd: string): string {
  if ((GRADIENT_TASKS as readonly string[]).includes(value)) return value;
  const path = resolve(cwd, value);
  if (/[\\/]/.test(value) || /\.jsonl?$/i.test(value) || existsSync(path)) return path;
  throw new UsageError(
    `--task: unknown task '${value}', one of ${GRADIENT_TASKS.join(", ")}, or a JSON Lines file of {"prompt", "response"}`,
  );
}
