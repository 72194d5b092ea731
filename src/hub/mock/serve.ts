/**
 * Runs the mock Hub as its own process (for the bench and for manual tries):
 *   node --import tsx src/hub/mock/serve.ts [--synthetic N] [--page-size P]
 * Prints one JSON line {"url": ...} on stdout when listening; stops on SIGTERM/SIGINT.
 */
import { parseArgs } from "node:util";
import { scenarioModels, syntheticModels } from "./fixtures.ts";
import { startMockHub } from "./mock-hub.ts";

const { values } = parseArgs({
  options: { synthetic: { type: "string" }, "page-size": { type: "string" } },
});
const models = values.synthetic ? [...syntheticModels(Number(values.synthetic))] : scenarioModels();
const hub = await startMockHub({ models, maxPageSize: Number(values["page-size"] ?? 1000) });
process.stdout.write(`${JSON.stringify({ url: hub.url, models: models.length })}\n`);
const stop = (): void => {
  void hub.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
