import { V1_BENCHMARKS, V2_BENCHMARKS } from "../contracts/index.ts";
import { STRUCTURE_SELECTIONS } from "../dataset/index.ts";
import {
  ALL_REGRESSOR_NAMES,
  DEFAULT_SEED,
  PROTOCOLS,
  REGRESSOR_NAMES,
  TARGET_GROUPS,
  TARGETS,
} from "../ml/index.ts";
import { flag } from "./flags.ts";

/** Flags of the modelling commands (regress, report), declared once. */

/** Help text of a benchmark list flag (--target, --targets). */
export const TARGETS_HELP = `Benchmarks: ${V1_BENCHMARKS.join(",")} (v1), ${V2_BENCHMARKS.join(",")} (v2), or a group: ${Object.keys(TARGET_GROUPS).join(", ")} (all = v1)`;

/** A benchmark list: names and the groups all, v1, v2. */
export const targetsFlag = (description = TARGETS_HELP) =>
  flag.list(TARGETS, { arg: "LIST", groups: TARGET_GROUPS, description });

/** A regressor list: the matrix regressors and llm; `all` = the matrix ones (llm joins only by name). */
export const regressorsFlag = (description: string) =>
  flag.list(ALL_REGRESSOR_NAMES, { arg: "LIST", groups: { all: REGRESSOR_NAMES }, description });

/** A CV protocol list (`all` = every one). */
export const protocolsFlag = (description: string) =>
  flag.list(PROTOCOLS, { arg: "LIST", groups: { all: PROTOCOLS }, description });

/** `--structure all|confident|config`: which rows' structure the modelling trusts. */
export const structureFlag = (description: string) => flag.choice(STRUCTURE_SELECTIONS, { description });

/** `--seed N`: folds and seeded regressors. */
export const seedFlag = () =>
  flag.int({
    arg: "N",
    min: 0,
    default: DEFAULT_SEED,
    description: "Seed for fold assignment and the regressors (the study's random_state)",
  });
