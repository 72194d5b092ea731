import { join, resolve } from "node:path";
import {
  DEFAULT_DATA_DIR,
  EXPORT_FORMATS,
  EXPORT_TABLES,
  type ExportFormat,
  type ExportTable,
  exportDataset,
} from "../../dataset/index.ts";
import { UsageError } from "../../errors.ts";
import type { Command } from "../command.ts";
import { printJson } from "../output.ts";

export const command: Command = {
  name: "export",
  summary: "Write the dataset as Parquet, CSV or JSON",
  description:
    "Parquet keeps column types (lists and provenance JSON included); CSV has a header row; JSON is one\n" +
    "array of objects with provenance as a nested object. Models are ordered by id.",
  flags: {
    "data-dir": { type: "string", arg: "DIR", default: DEFAULT_DATA_DIR, description: "Dataset folder" },
    format: {
      type: "string",
      short: "f",
      arg: "FMT",
      description: `One of ${EXPORT_FORMATS.join(", ")} (required)`,
    },
    out: {
      type: "string",
      short: "o",
      arg: "FILE",
      description: "File to write (default <data-dir>/<table>.<format>)",
    },
    table: {
      type: "string",
      arg: "TABLE",
      default: "models",
      description: `One of ${EXPORT_TABLES.join(", ")}`,
    },
  },
  examples: [
    "strata export --format parquet --out models.parquet",
    "strata export --format csv --table scores_v2 --out v2.csv",
  ],
  async run(ctx) {
    const format = ctx.flags.format;
    if (typeof format !== "string" || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(
        `export: --format must be one of ${EXPORT_FORMATS.join(", ")}${format === undefined ? "" : `, got '${format}'`}`,
      );
    }
    const table = String(ctx.flags.table);
    if (!(EXPORT_TABLES as readonly string[]).includes(table)) {
      throw new UsageError(`export: --table must be one of ${EXPORT_TABLES.join(", ")}, got '${table}'`);
    }
    const dir = resolve(ctx.cwd, String(ctx.flags["data-dir"]));
    const out =
      typeof ctx.flags.out === "string" ? resolve(ctx.cwd, ctx.flags.out) : join(dir, `${table}.${format}`);
    const result = await exportDataset(dir, {
      format: format as ExportFormat,
      out,
      table: table as ExportTable,
    });
    if (ctx.json) printJson(ctx, { ...result, format, table });
    else ctx.stdout.write(`wrote ${result.rows.toLocaleString("en-US")} ${table} rows to ${result.file}\n`);
    return 0;
  },
};
