import { cellValue, DEFAULT_MODEL_COLUMNS, queryModels } from "../../dataset/index.ts";
import { defineCommand } from "../command.ts";
import { dataDirFlag, whereFlag } from "../common-flags.ts";
import { flag } from "../flags.ts";
import { formatTable, printJson } from "../output.ts";

const DEFAULT_COLUMNS: readonly string[] = DEFAULT_MODEL_COLUMNS;

export const command = defineCommand({
  name: "models",
  summary: "List models of the dataset, filtered and sorted",
  description:
    "Filters: <column><op><value> with op one of = != < <= > >= ~ (substring, any case) !~;\n" +
    "col=null / col!=null test for missing values; several --where are ANDed.\n" +
    "Sort: --sort layers (ascending), --sort layers:desc or --sort=-layers; missing values last.\n" +
    "Quote filters with < or > in the shell: --where 'layers>=32'.",
  flags: {
    "data-dir": dataDirFlag(),
    where: whereFlag(),
    sort: flag.string({ arg: "COL", nonEmpty: true, description: "Sort column (COL, COL:desc, -COL)" }),
    limit: flag.int({ arg: "N", min: 0, default: 50, description: "At most N rows; 0 for all" }),
    columns: flag.words({
      arg: "A,B,C",
      description: `Columns to show (default ${DEFAULT_COLUMNS.join(",")})`,
    }),
  },
  examples: [
    "strata models --where 'layers>=32' --where model_type=llama --sort params_b:desc",
    "strata models --where id~mistral --columns id,params_b,mmlu --limit 10",
    "strata models --where kind=pretrained --where 'params_b<10' --json",
    "strata models --where evidence=unresolved --columns id,architecture,params_b,warnings",
    "strata models --where 'impute_confidence>=0.8' --where evidence!=prior",
  ],
  async run(ctx) {
    const { limit } = ctx.flags;
    const result = await queryModels(ctx.flags["data-dir"], {
      where: ctx.flags.where,
      sort: ctx.flags.sort,
      limit: limit === 0 ? undefined : limit,
      columns: ctx.flags.columns ?? DEFAULT_COLUMNS,
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
});
