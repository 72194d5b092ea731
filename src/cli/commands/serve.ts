import { DEFAULT_HOST, DEFAULT_PORT, openBrowser, startServer } from "../../server/index.ts";
import { defineCommand } from "../command.ts";
import { dataDirFlag } from "../common-flags.ts";
import { flag } from "../flags.ts";
import { printJson } from "../output.ts";

export const command = defineCommand({
  name: "serve",
  summary:
    "Start the interactive explorer (models, model pages, compare, explore, predict, findings) on loopback",
  description:
    "Serves a local web app over the dataset (opened read-only) and prints its URL: the models table with\n" +
    "search (@field:value), quick filters and downloads, a page per model, compare, scatter explorer,\n" +
    "predictions from a config.json, and the report's findings (run `strata report` first for those).\n" +
    "Everything the page loads comes from this server. Listens on 127.0.0.1 unless --host says otherwise.\n" +
    "Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.",
  flags: {
    "data-dir": dataDirFlag(),
    port: flag.int({
      arg: "N",
      min: 0,
      max: 65535,
      default: DEFAULT_PORT,
      description: "Port (0: any free port)",
    }),
    host: flag.string({
      arg: "ADDR",
      nonEmpty: true,
      default: DEFAULT_HOST,
      description: "Address to listen on (anything but loopback is reachable from other machines)",
    }),
    open: flag.boolean({ description: "Open the page in the default browser" }),
  },
  examples: ["strata serve", "strata serve --port 9000 --open", "strata serve --data-dir crawl-data --json"],
  async run(ctx) {
    const { port, host } = ctx.flags;
    const server = await startServer({ dataDir: ctx.flags["data-dir"], port, host });
    // Listen for the signals before printing the URL: whoever reads it may stop us at once.
    const stopped = new Promise<NodeJS.Signals>((done) => {
      process.once("SIGINT", () => done("SIGINT"));
      process.once("SIGTERM", () => done("SIGTERM"));
    });
    const opened = ctx.flags.open ? await openBrowser(server.url) : null;
    const warnings = [...server.warnings, ...(opened === false ? ["--open: no browser opener found"] : [])];
    if (ctx.json) {
      printJson(ctx, {
        url: server.url,
        host: server.host,
        port: server.port,
        dataDir: server.dataDir,
        models: server.models,
        warnings,
      });
    } else {
      for (const w of warnings) ctx.stderr.write(`warning: ${w}\n`);
      ctx.stdout.write(
        `serving ${server.models.toLocaleString("en-US")} models from ${server.dataDir} (read-only)\n` +
          `${server.url}\n(Ctrl-C to stop)\n`,
      );
    }
    const signal = await stopped;
    await server.close();
    if (!ctx.json) ctx.stderr.write(`stopped (${signal})\n`);
    return 0;
  },
});
