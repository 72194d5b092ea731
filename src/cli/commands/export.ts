import { join } from "node:path";
import { EXPORT_FORMATS, EXPORT_TABLES, exportDataset } from "../../dataset/index.ts";
import { defineCommand } from "../command.ts";
import { dataDirFlag } from "../common-flags.ts";
import { flag } from "../flags.ts";
import { printJson } from "../output.ts";

export const command = defineCommand({
  name: "export",
  summary: "Write the dataset as Parquet, CSV or JSON",
  description:
    "Parquet keeps column types (lists and provenance JSON included); CSV has a header row; JSON is one\n" +
    "array of objects with provenance as a nested object. Models are ordered by id.",
  flags: {
    "data-dir": dataDirFlag(),
    format: flag.choice(EXPORT_FORMATS, { short: "f", required: true, description: "Output format" }),
    out: flag.path({
      short: "o",
      arg: "FILE",
      description: "File to write (default <data-dir>/<table>.<format>)",
    }),
    table: flag.choice(EXPORT_TABLES, { default: "models", description: "Which table" }),
  },
  examples: [
    "strata export --format parquet --out models.parquet",
    "strata export --format csv --table scores_v2 --out v2.csv",
  ],
  async run(ctx) {
    const { format, table } = ctx.flags;
    const dir = ctx.flags["data-dir"];
    const out = ctx.flags.out ?? join(dir, `${table}.${format}`);
    const result = await exportDataset(dir, { format, out, table });
    if (ctx.json) printJson(ctx, { ...result, format, table });
    else ctx.stdout.write(`wrote ${result.rows.toLocaleString("en-US")} ${table} rows to ${result.file}\n`);
    return 0;
  },
});
