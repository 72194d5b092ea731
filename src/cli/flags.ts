import {
  STRUCTURE_SELECTIONS,
  type StructureSelection,
  V1_BENCHMARKS,
  V2_BENCHMARKS,
} from "../dataset/index.ts";
import { UsageError } from "../errors.ts";
import { TARGETS, type Target } from "../ml/index.ts";

/**
 * Flag parsing shared by the modelling commands (regress, report): comma lists checked against the
 * allowed values, integers with a minimum, benchmark targets and the structure selection. Each failure
 * is a UsageError (exit 2) naming the flag and the allowed values.
 */

/** A comma list of `allowed` values; `all` (when `all` is given) expands to it. */
export function parseList<T extends string>(
  flag: string,
  value: string,
  allowed: readonly T[],
  all: readonly T[] | null = allowed,
): T[] {
  if (all && value === "all") return [...all];
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const hint = `one of: ${allowed.join(", ")}${all ? ", or all" : ""}`;
  if (items.length === 0) throw new UsageError(`--${flag}: empty list; ${hint}`);
  for (const it of items) {
    if (!(allowed as readonly string[]).includes(it))
      throw new UsageError(`--${flag}: unknown value '${it}'; ${hint}`);
  }
  return items as T[];
}

export function parseInteger(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${flag}: expected an integer >= ${min}, got '${value}'`);
  return n;
}

/** Benchmark groups a target list may name: `all` and `v1` are the study's six, `v2` leaderboard v2's six. */
export const TARGET_GROUPS: Readonly<Record<string, readonly Target[]>> = {
  all: V1_BENCHMARKS,
  v1: V1_BENCHMARKS,
  v2: V2_BENCHMARKS,
};

/** `--target arc,v2`: benchmark names and groups (all, v1, v2), duplicates removed, in the order given. */
export function parseTargets(flag: string, value: string): Target[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const hint = `one of: ${TARGETS.join(", ")}, or a group: ${Object.keys(TARGET_GROUPS).join(", ")}`;
  if (items.length === 0) throw new UsageError(`--${flag}: empty list; ${hint}`);
  const out = new Set<Target>();
  for (const it of items) {
    const group = TARGET_GROUPS[it];
    if (group) for (const t of group) out.add(t);
    else if ((TARGETS as readonly string[]).includes(it)) out.add(it as Target);
    else throw new UsageError(`--${flag}: unknown value '${it}'; ${hint}`);
  }
  return [...out];
}

/** `--structure all|confident|config`: which rows' structure the modelling trusts. */
export function parseStructure(flag: string, value: string): StructureSelection {
  if (!(STRUCTURE_SELECTIONS as readonly string[]).includes(value))
    throw new UsageError(`--${flag}: '${value}' is not one of ${STRUCTURE_SELECTIONS.join(", ")}`);
  return value as StructureSelection;
}
