import { resolve } from "node:path";
import { cellValue, DEFAULT_MODEL_COLUMNS } from "../../dataset/display.ts";
import { DEFAULT_DATA_DIR, queryModels } from "../../dataset/index.ts";
import { UsageError } from "../../errors.ts";
import type { Command } from "../command.ts";
import { formatTable, printJson } from "../output.ts";

const DEFAULT_COLUMNS: readonly string[] = DEFAULT_MODEL_COLUMNS;

export const command: Command = {
  name: "models",
  summary: "List models of the dataset, filtered and sorted",
  description:
    "Filters: <column><op><value> with op one of = != < <= > >= ~ (substring, any case) !~;\n" +
    "col=null / col!=null test for missing values; several --where are ANDed.\n" +
    "Sort: --sort layers (ascending), --sort layers:desc or --sort=-layers; missing values last.\n" +
    "Quote filters with < or > in the shell: --where 'layers>=32'.",
  flags: {
    "data-dir": { type: "string", arg: "DIR", default: DEFAULT_DATA_DIR, description: "Dataset folder" },
    where: {
      type: "string",
      short: "w",
      multiple: true,
      arg: "EXPR",
      description: "Filter, e.g. 'layers>=32' (repeatable)",
    },
    sort: { type: "string", arg: "COL", description: "Sort column (COL, COL:desc, -COL)" },
    limit: { type: "string", arg: "N", default: "50", description: "At most N rows; 0 for all" },
    columns: {
      type: "string",
      arg: "A,B,C",
      description: `Columns to show (default ${DEFAULT_COLUMNS.join(",")})`,
    },
  },
  examples: [
    "strata models --where 'layers>=32' --where model_type=llama --sort params_b:desc",
    "strata models --where id~mistral --columns id,params_b,mmlu --limit 10",
    "strata models --where kind=pretrained --where 'params_b<10' --json",
    "strata models --where evidence=unresolved --columns id,architecture,params_b,warnings",
    "strata models --where 'impute_confidence>=0.8' --where evidence!=prior",
  ],
  async run(ctx) {
    const limit = Number(ctx.flags.limit);
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new UsageError(`models: --limit must be a whole number >= 0, got '${ctx.flags.limit}'`);
    }
    const columns =
      typeof ctx.flags.columns === "string"
        ? ctx.flags.columns
            .split(",")
            .map((c) => c.trim())
            .filter(Boolean)
        : DEFAULT_COLUMNS;
    const result = await queryModels(resolve(ctx.cwd, String(ctx.flags["data-dir"])), {
      where: Array.isArray(ctx.flags.where) ? ctx.flags.where : [],
      sort: typeof ctx.flags.sort === "string" ? ctx.flags.sort : undefined,
      limit: limit === 0 ? undefined : limit,
      columns,
    });
    if (ctx.json) {
      printJson(ctx, result);
      return 0;
    }
    const rows = result.rows.map((r) => result.columns.map((c) => cellValue(r[c])));
    ctx.stdout.write(`${formatTable(result.columns, rows)}\n`);
    const more = result.total > result.rows.length ? " (use --limit to see more)" : "";
    ctx.stdout.write(`${result.rows.length} of ${result.total} matching models${more}\n`);
    return 0;
  },
};
