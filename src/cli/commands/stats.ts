import { datasetTable1 } from "../../analysis/index.ts";
import { formatNumber, formatShare } from "../../contracts/index.ts";
import { defineCommand } from "../command.ts";
import { dataDirFlag, whereFlag } from "../common-flags.ts";
import { formatTable, printJson } from "../output.ts";

/** A statistic for the table; none (a column without values) prints as the table's "-". */
const cell = (v: number | null, digits?: number): string | null =>
  v === null || !Number.isFinite(v) ? null : formatNumber(v, digits);

export const command = defineCommand({
  name: "stats",
  summary: "Table 1: summary statistics of the dataset's structural columns",
  description:
    "Per column: mean, mode, quartiles (numpy's linear interpolation), max, skewness and excess kurtosis\n" +
    "(bias-corrected, as pandas .skew() and .kurt()) over the models with a value, and the missing rate.\n" +
    "size is params_b (billions of parameters).",
  flags: {
    "data-dir": dataDirFlag(),
    where: whereFlag("Only models matching this filter (as in strata models)"),
  },
  examples: [
    "strata stats",
    "strata stats --where kind=pretrained --where 'average!=null'",
    "strata stats --json",
  ],
  async run(ctx) {
    const where = ctx.flags.where;
    const t = await datasetTable1(ctx.flags["data-dir"], { where });
    if (ctx.json) {
      printJson(ctx, t);
      return 0;
    }
    const header = ["column", "n", "mean", "mode", "Q1", "Q2", "Q3", "max", "skew", "kurt", "missing"];
    const rows = t.rows.map((r) => [
      r.label,
      cell(r.n),
      cell(r.mean),
      cell(r.mode),
      cell(r.q1),
      cell(r.q2),
      cell(r.q3),
      cell(r.max),
      cell(r.skewness, 3),
      cell(r.kurtosis, 3),
      formatShare(r.missing_rate),
    ]);
    const over = where.length ? ` matching ${where.join(" and ")}` : "";
    const align = header.map((_, i) => (i === 0 ? "left" : "right") as "left" | "right");
    ctx.stdout.write(
      `Table 1 over ${t.models.toLocaleString("en-US")} models${over}\n\n${formatTable(header, rows, align)}\n`,
    );
    return 0;
  },
});
