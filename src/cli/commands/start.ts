import { resolve } from "node:path";
import { buildDataset, DEFAULT_DATA_DIR } from "../../dataset/index.ts";
import { buildReport } from "../../report/index.ts";
import type { Command, CommandContext } from "../command.ts";
import { printJson } from "../output.ts";
import { command as build } from "./build.ts";
import { command as report } from "./report.ts";

/** Runs a command's `run` with this context's streams but its own flags (their defaults). */
async function runWithDefaults(
  cmd: Command,
  ctx: CommandContext,
  flags: CommandContext["flags"],
): Promise<number> {
  const defaults = Object.fromEntries(
    Object.entries(cmd.flags ?? {})
      .filter(([, spec]) => spec.default !== undefined)
      .map(([name, spec]) => [name, spec.default]),
  );
  return (await cmd.run?.({ ...ctx, positionals: [], flags: { ...defaults, ...flags } })) ?? 0;
}

export const command: Command = {
  name: "start",
  summary: "Build the dataset from the bundled data, then write the report (what `npm start` runs)",
  description:
    "Equivalent to `strata build` followed by `strata report`: offline, on the leaderboard exports and the\n" +
    "base-model registry shipped in data/. Prints the build summary and the path of report.html.",
  flags: {
    "data-dir": {
      type: "string",
      arg: "DIR",
      default: DEFAULT_DATA_DIR,
      description: "Dataset folder to write",
    },
    "no-cache": {
      type: "boolean",
      description: "Refit every model instead of reusing the results kept in <data-dir>/fit-cache",
    },
  },
  examples: ["npm start", "strata start --data-dir /tmp/strata"],
  async run(ctx) {
    const dataDir = String(ctx.flags["data-dir"]);
    if (ctx.json) {
      const dir = resolve(ctx.cwd, dataDir);
      const summary = await buildDataset({ dataDir: dir });
      const result = await buildReport({ dataDir: dir, cache: ctx.flags["no-cache"] !== true });
      printJson(ctx, { build: summary, report: result });
      return 0;
    }
    const code = await runWithDefaults(build, ctx, { "data-dir": dataDir });
    if (code !== 0) return code;
    ctx.stdout.write("\nreport:\n");
    return runWithDefaults(report, ctx, { "data-dir": dataDir, "no-cache": ctx.flags["no-cache"] === true });
  },
};
