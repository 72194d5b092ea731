import { DEFAULT_DATA_DIR } from "../dataset/index.ts";
import { flag } from "./flags.ts";

/** Flags several commands share, declared once. */

/** `--data-dir DIR`: the dataset folder, resolved against the working directory. */
export const dataDirFlag = (description = "Dataset folder") =>
  flag.path({ arg: "DIR", default: DEFAULT_DATA_DIR, description });

/** `--where EXPR` (repeatable): a dataset filter, as in `strata models`. */
export const whereFlag = (description = "Filter, e.g. 'layers>=32'") =>
  flag.repeated({ short: "w", arg: "EXPR", description, nonEmpty: true });
