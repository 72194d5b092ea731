import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DEFAULT_DATA_DIR } from "../../dataset/index.ts";
import { UsageError } from "../../errors.ts";
import { DEMO_MODEL_DIR, DEMO_MODEL_PATH } from "../../probe/demo-model.ts";
import { GRADIENT_TASKS } from "../../probe/gradients/samples.ts";
import { readModelConfig } from "../../probe/model/config.ts";
import { WEIGHT_CACHING, type WeightCaching } from "../../probe/model/model.ts";
import type { CommandContext, FlagSpec, PositionalSpec } from "../command.ts";

/**
 * Flags and checks shared by the `strata probe` sub-commands (kept in today's FlagSpec style). Every
 * check runs before model work starts and fails with a UsageError (exit 2) naming the flag and value.
 */

export const MODEL_POSITIONAL: PositionalSpec = {
  name: "MODEL",
  description: `Model folder (config.json, *.safetensors, tokenizer.json); default: the bundled demo model ${DEMO_MODEL_PATH}`,
};

/** The MODEL positional resolved against the working directory, or the bundled demo model. */
export function modelDir(ctx: CommandContext): string {
  const m = ctx.positionals[0];
  return m === undefined ? DEMO_MODEL_DIR : resolve(ctx.cwd, m);
}

export const BOS_FLAGS: Record<string, FlagSpec> = {
  bos: { type: "boolean", description: "Start every sequence with the tokenizer's BOS token" },
  "no-bos": { type: "boolean", description: "Never start a sequence with BOS" },
};

/** --bos / --no-bos: true, false, or undefined (the command's default convention). */
export function bosFlag(ctx: CommandContext): boolean | undefined {
  const on = ctx.flags.bos === true;
  const off = ctx.flags["no-bos"] === true;
  if (on && off) throw new UsageError("--bos and --no-bos contradict each other; give one");
  return on ? true : off ? false : undefined;
}

export const CACHING_FLAG: Record<string, FlagSpec> = {
  caching: {
    type: "string",
    arg: "MODE",
    description:
      "Where weights live between uses: f32 (all widened), stored (raw stored bytes in memory), disk (re-read per layer: least memory); default by size",
  },
};

export function cachingFlag(ctx: CommandContext): WeightCaching | undefined {
  const v = ctx.flags.caching;
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !(WEIGHT_CACHING as readonly string[]).includes(v)) {
    throw new UsageError(`--caching: '${String(v)}' is not one of ${WEIGHT_CACHING.join(", ")}`);
  }
  return v as WeightCaching;
}

export const SAVE_FLAGS: Record<string, FlagSpec> = {
  save: {
    type: "boolean",
    description:
      "Also write the result (JSON and SVG) into <data-dir>/probe/, where `strata report` reads it",
  },
  "data-dir": {
    type: "string",
    arg: "DIR",
    default: DEFAULT_DATA_DIR,
    description: "Dataset folder for --save",
  },
};

/** The dataset folder to save into, or null without --save. */
export function saveDir(ctx: CommandContext): string | null {
  if (ctx.flags.save !== true) return null;
  const dir = resolve(ctx.cwd, String(ctx.flags["data-dir"] ?? DEFAULT_DATA_DIR));
  let probe = dir;
  while (!existsSync(probe)) probe = dirname(probe);
  if (!statSync(probe).isDirectory()) throw new UsageError(`--data-dir: ${probe} is a file, not a folder`);
  return dir;
}

/** A positive integer flag value (undefined when absent). */
export function positiveInt(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`${flag} must be a positive integer, got '${String(value)}'`);
  return n;
}

/** A non-negative integer flag value (undefined when absent). */
export function nonNegativeInt(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new UsageError(`${flag} must be a non-negative integer, got '${String(value)}'`);
  return n;
}

/** A finite number flag in [min, max] (undefined when absent). */
export function numberIn(
  value: unknown,
  flag: string,
  min: number,
  max: number,
  minOpen = false,
): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
  const low = minOpen ? n > min : n >= min;
  if (!Number.isFinite(n) || !low || n > max) {
    throw new UsageError(
      `${flag} must be a number in ${minOpen ? "(" : "["}${min}, ${max}], got '${String(value)}'`,
    );
  }
  return n;
}

/**
 * A file the command will write (--svg FILE): resolved, and checked now so that a long computation is
 * not lost to a missing folder or a path that is a folder.
 */
export function outputFile(ctx: CommandContext, flag: string): string | undefined {
  const v = ctx.flags[flag];
  if (v === undefined) return undefined;
  const path = resolve(ctx.cwd, String(v));
  const dir = dirname(path);
  if (!existsSync(dir)) throw new UsageError(`--${flag}: folder ${dir} does not exist (for ${path})`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`--${flag}: ${dir} is not a folder (for ${path})`);
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new UsageError(`--${flag}: ${path} is a folder; give a file name`);
  }
  return path;
}

/** A folder the command will create (--out DIR): absent, or an empty folder; never an existing file. */
export function outputFolder(ctx: CommandContext, flag: string): string | undefined {
  const v = ctx.flags[flag];
  if (v === undefined) return undefined;
  const path = resolve(ctx.cwd, String(v));
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new UsageError(`--${flag}: ${path} is a file, not a folder`);
    if (readdirSync(path).length > 0)
      throw new UsageError(`--${flag}: folder ${path} exists and is not empty`);
  }
  let parent = dirname(path);
  while (!existsSync(parent)) parent = dirname(parent);
  if (!statSync(parent).isDirectory()) throw new UsageError(`--${flag}: ${parent} is a file, not a folder`);
  return path;
}

/** An input file flag resolved against the working directory (undefined when absent). */
export function inputPath(ctx: CommandContext, flag: string): string | undefined {
  const v = ctx.flags[flag];
  return typeof v === "string" ? resolve(ctx.cwd, v) : undefined;
}

/**
 * Checks that `n` layers can be removed from the model in `dir` (at least one must stay), before any
 * work; an unreadable config is left for the loader to report.
 */
export function checkRemovable(dir: string, n: number, flag: string): void {
  let layers: number;
  try {
    layers = readModelConfig(dir).config.layers;
  } catch {
    return;
  }
  if (n >= layers) {
    throw new UsageError(
      `${flag}: cannot pick ${n} of ${layers} layers to remove (at most ${layers - 1}: keep at least one)`,
    );
  }
}

/**
 * --task of `probe grad`: a bundled task name, or a JSON Lines file (a value with a path separator or a
 * .jsonl/.json ending, or an existing file). Anything else is an unknown task (exit 2).
 */
export function gradientTask(ctx: CommandContext): string {
  const v = String(ctx.flags.task ?? "arc_challenge");
  if ((GRADIENT_TASKS as readonly string[]).includes(v)) return v;
  const path = resolve(ctx.cwd, v);
  if (/[\\/]/.test(v) || /\.jsonl?$/i.test(v) || existsSync(path)) return path;
  throw new UsageError(
    `--task: unknown task '${v}', one of ${GRADIENT_TASKS.join(", ")}, or a JSON Lines file of {"prompt", "response"}`,
  );
}
