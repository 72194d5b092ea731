import { resolve } from "node:path";
import { DEFAULT_DATA_DIR } from "../../dataset/index.ts";
import { UsageError } from "../../errors.ts";
import { DEFAULT_HOST, DEFAULT_PORT, openBrowser, startServer } from "../../server/index.ts";
import type { Command } from "../command.ts";
import { printJson } from "../output.ts";

export const command: Command = {
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
    "data-dir": { type: "string", arg: "DIR", default: DEFAULT_DATA_DIR, description: "Dataset folder" },
    port: { type: "string", arg: "N", default: String(DEFAULT_PORT), description: "Port (0: any free port)" },
    host: {
      type: "string",
      arg: "ADDR",
      default: DEFAULT_HOST,
      description: "Address to listen on (anything but loopback is reachable from other machines)",
    },
    open: { type: "boolean", description: "Open the page in the default browser" },
  },
  examples: ["strata serve", "strata serve --port 9000 --open", "strata serve --data-dir crawl-data --json"],
  async run(ctx) {
    const port = Number(ctx.flags.port);
    if (!/^\d+$/.test(String(ctx.flags.port)) || port > 65535) {
      throw new UsageError(`serve: --port must be a whole number from 0 to 65535, got '${ctx.flags.port}'`);
    }
    const host = String(ctx.flags.host);
    if (host === "") throw new UsageError("serve: --host must not be empty");
    const server = await startServer({
      dataDir: resolve(ctx.cwd, String(ctx.flags["data-dir"])),
      port,
      host,
    });
    // Listen for the signals before printing the URL: whoever reads it may stop us at once.
    const stopped = new Promise<NodeJS.Signals>((done) => {
      process.once("SIGINT", () => done("SIGINT"));
      process.once("SIGTERM", () => done("SIGTERM"));
    });
    const opened = ctx.flags.open === true ? await openBrowser(server.url) : null;
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
};
