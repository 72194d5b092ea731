/**
 * Runs the mock Hub as its own process (for the bench and for manual tries):
 *   node --import tsx src/hub/mock/serve.ts [--synthetic N] [--page-size P]
 * Prints one JSON line {"url": ...} on stdout when listening; stops on SIGTERM/SIGINT.
 */
import { parseArgs } from "node:util";
import { scenarioModels, syntheticModels, v1ResultsFile } from "./fixtures.ts";
import { startMockHub } from "./mock-hub.ts";

const { values } = parseArgs({
  options: { synthetic: { type: "string" }, "page-size": { type: "string" } },
});
const models = values.synthetic ? [...syntheticModels(Number(values.synthetic))] : scenarioModels();
// A small leaderboard v1 results dataset for the scenario Hub (two evaluations of gpt2, one of Mixtral).
const v1 = [
  v1ResultsFile({
    model: "openai-community/gpt2",
    sha: "2".padStart(40, "a"),
    stamp: "2023-09-01T10-00-00.000000",
    arc: 0.2201,
    hellaswag: 0.3131,
    mmlu: 0.2583,
    truthfulqa: 0.4069,
    winogrande: 0.5,
  }),
  v1ResultsFile({
    model: "openai-community/gpt2",
    sha: "2".padStart(40, "a"),
    stamp: "2023-12-03T08-00-00.000000",
    gsm8k: 0.0068,
  }),
  v1ResultsFile({
    model: "mistralai/Mixtral-8x7B-v0.1",
    sha: "3".padStart(40, "a"),
    dtype: "bfloat16",
    stamp: "2023-12-11T00-00-00.000000",
    arc: 0.6638,
    hellaswag: 0.8646,
    mmlu: 0.7,
    truthfulqa: 0.4681,
    winogrande: 0.8169,
    gsm8k: 0.5739,
  }),
];
const hub = await startMockHub({
  models,
  maxPageSize: Number(values["page-size"] ?? 1000),
  datasets: values.synthetic ? [] : [{ id: "open-llm-leaderboard-old/results", files: v1 }],
});
process.stdout.write(`${JSON.stringify({ url: hub.url, models: models.length })}\n`);
const stop = (): void => {
  void hub.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
