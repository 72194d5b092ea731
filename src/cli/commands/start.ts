import { buildDataset } from "../../dataset/index.ts";
import { buildReport } from "../../report/index.ts";
import { defineCommand } from "../command.ts";
import { dataDirFlag } from "../common-flags.ts";
import { printJson } from "../output.ts";
import type { Progress } from "../progress.ts";
import { buildProgress, formatBuildSummary } from "./build.ts";
import { formatReportResult } from "./report.ts";

export const command = defineCommand({
  name: "start",
  summary: "Build the dataset from the bundled data, then write the report (what `npm start` runs)",
  description:
    "Equivalent to `strata build` followed by `strata report`: offline, on the leaderboard exports and the\n" +
    "base-model registry shipped in data/. Prints the build summary and the path of report.html.",
  flags: {
    "data-dir": dataDirFlag("Dataset folder to write"),
  },
  examples: ["npm start", "strata start --data-dir /tmp/strata"],
  async run(ctx) {
    const dataDir = ctx.flags["data-dir"];
    const build = await buildDataset({ dataDir, onProgress: buildProgress(ctx) });
    if (!ctx.json) ctx.stdout.write(`${formatBuildSummary(build, ctx.cwd)}\nreport:\n`);
    const bars = new Map<string, Progress>();
    const report = await buildReport({
      dataDir,
      onProgress: (stage, done, total) => {
        let bar = bars.get(stage);
        if (!bar) {
          for (const b of bars.values()) b.done();
          bar = ctx.progress(stage, total);
          bars.set(stage, bar);
        }
        bar.update(done, total);
      },
    });
    for (const b of bars.values()) b.done();
    if (ctx.json) printJson(ctx, { build, report });
    else ctx.stdout.write(formatReportResult(report, ctx.cwd));
    return 0;
  },
});
