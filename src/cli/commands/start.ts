import { buildDataset } from "../../dataset/index.ts";
import { buildReport } from "../../report/index.ts";
import { defineCommand } from "../command.ts";
import { dataDirFlag } from "../common-flags.ts";
import { flag } from "../flags.ts";
import { printJson } from "../output.ts";
import { formatBuildSummary } from "./build.ts";
import { formatReportResult } from "./report.ts";

/** Wall milliseconds of the offline build (import and imputation, then the DuckDB write), measured. */
const BUILD_MS = 4500;
/** Of which the import, the part that reports its progress. */
const BUILD_IMPORT_MS = 3200;
/** The report's estimated length until it has planned its fits (about two seconds into it). */
const REPORT_ESTIMATE_MS = 60_000;

export const command = defineCommand({
  name: "start",
  summary: "Build the dataset from the bundled data, then write the report (what `npm start` runs)",
  description:
    "Equivalent to `strata build` followed by `strata report`: offline, on the leaderboard exports and the\n" +
    "base-model registry shipped in data/. Prints the build summary and the path of report.html. One\n" +
    "progress bar covers both, with an ETA; fitted models are kept in <data-dir>/fit-cache for the next run.",
  flags: {
    "data-dir": dataDirFlag("Dataset folder to write"),
    "no-cache": flag.boolean({
      description: "Refit every model instead of reusing the results kept in <data-dir>/fit-cache",
    }),
  },
  examples: ["npm start", "strata start --data-dir /tmp/strata"],
  async run(ctx) {
    const dataDir = ctx.flags["data-dir"];
    // One bar for build + report, in estimated milliseconds of work: the build's import fills its
    // measured share, the report (planned once the dataset is read) the rest.
    const bar = ctx.progress("npm start");
    bar.percent?.();
    let buildDone = 0;
    let reportDone = 0;
    let reportTotal = REPORT_ESTIMATE_MS;
    const show = () => bar.update(Math.round(buildDone + reportDone), Math.round(BUILD_MS + reportTotal));
    show();
    const build = await buildDataset({
      dataDir,
      onProgress: (stage, done, total) => {
        if (stage === "import" && total > 0) buildDone = (BUILD_IMPORT_MS * done) / total;
        if (stage === "save") bar.note("writing DuckDB file");
        show();
      },
    });
    buildDone = BUILD_MS;
    if (!ctx.json) ctx.stdout.write(`${formatBuildSummary(build, ctx.cwd)}\nreport:\n`);
    const report = await buildReport({
      dataDir,
      cache: !ctx.flags["no-cache"],
      onProgress: (stage) => bar.note(stage),
      onJobProgress: (done, total) => {
        reportDone = done;
        reportTotal = total;
        show();
      },
    });
    bar.note("");
    bar.done();
    if (ctx.json) printJson(ctx, { build, report });
    else ctx.stdout.write(formatReportResult(report, ctx.cwd));
    return 0;
  },
});
