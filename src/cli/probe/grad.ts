import { writeFileAtomic } from "../../probe/atomic-write.ts";
import { heatmapSvg } from "../../probe/charts/svg.ts";
import { heatmap } from "../../probe/charts/terminal.ts";
import { modelLayerGradients } from "../../probe/gradients/run-grad.ts";
import { saveProbeResult } from "../../probe/save.ts";
import type { Command } from "../command.ts";
import { formatTable, printJson } from "../output.ts";
import {
  BOS_FLAGS,
  bosFlag,
  CACHING_FLAG,
  cachingFlag,
  gradientTask,
  MODEL_POSITIONAL,
  modelDir,
  outputFile,
  positiveInt,
  SAVE_FLAGS,
  saveDir,
} from "./shared.ts";

export const command: Command = {
  name: "grad",
  summary: "Nuclear norms of per-layer weight gradients (Q, K, V, O, Gate, Up, Down) on a task",
  description:
    "Batch 1, cross-entropy on the response tokens only, no optimizer step (Li et al. 2024). Per matrix the\n" +
    "nuclear norm of dW = dY^T X, computed from a T x T eigenproblem instead of an SVD of dW, averaged over\n" +
    "samples; also the nuclear norm of the gradient accumulated over all samples, and the share of the top\n" +
    'singular value. TASK: arc_challenge ("Question: q\\nAnswer:" + " answer"), truthfulqa (question + best\n' +
    'answer, same template), or a JSON Lines FILE of {"prompt", "response"}. The prompt is tokenized as\n' +
    "the model's tokenizer does (`tokenizer(prompt)`: BOS first for Llama), the response without special\n" +
    "tokens; --bos / --no-bos override.",
  positionals: [MODEL_POSITIONAL],
  flags: {
    task: {
      type: "string",
      arg: "TASK|FILE",
      default: "arc_challenge",
      description: "arc_challenge, truthfulqa or a .jsonl file",
    },
    limit: { type: "string", arg: "N", default: "100", description: "Use the first N samples" },
    "no-accumulate": {
      type: "boolean",
      description: "Skip the dataset-accumulated gradient (saves one float32 copy of the weights)",
    },
    svg: { type: "string", arg: "FILE", description: "Also write the layer x matrix heatmap as SVG" },
    ...BOS_FLAGS,
    ...CACHING_FLAG,
    ...SAVE_FLAGS,
  },
  examples: [
    "strata probe grad data/models/stories260K --task arc_challenge --limit 20",
    "strata probe grad data/models/stories260K --task truthfulqa --limit 10 --svg grad.svg --save",
    "strata probe grad ./Qwen2-0.5B --task samples.jsonl --json",
  ],
  async run(ctx) {
    const model = modelDir(ctx);
    const task = gradientTask(ctx);
    const svg = outputFile(ctx, "svg");
    const save = saveDir(ctx);
    const limit = positiveInt(ctx.flags.limit, "--limit");
    const bar = ctx.progress("gradients", undefined);
    const r = await modelLayerGradients({
      model,
      task,
      limit,
      accumulate: ctx.flags["no-accumulate"] !== true,
      bos: bosFlag(ctx),
      load: { caching: cachingFlag(ctx) },
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.done();
    const labels = r.layers.map(String);
    const values = r.layers.map((_, i) => r.matrices.map((m) => r.nuclearMean[m][i] as number));
    const chart = heatmapSvg({
      title: `Gradient nuclear norm, mean of ${r.samples} samples (${String(ctx.flags.task)})`,
      rowLabels: labels,
      colLabels: [...r.matrices],
      values,
    });
    if (svg !== undefined) writeFileAtomic(svg, chart);
    const saved = save === null ? null : saveProbeResult(save, model, "grad", r, chart);
    if (saved && !ctx.json) ctx.stderr.write(`saved ${saved.json}\n`);
    if (ctx.json) {
      printJson(ctx, r);
      return 0;
    }
    const rows = r.layers.map((l, i) => [
      l,
      ...r.matrices.map((m) => Number((r.nuclearMean[m][i] as number).toPrecision(4))),
    ]);
    ctx.stdout.write(
      `${r.samples} samples of ${String(ctx.flags.task)}${r.bos ? " (prompts start with BOS)" : ""} (${r.tokens} response tokens, mean loss ${r.meanLoss.toFixed(4)}` +
        `${r.skipped ? `, ${r.skipped} skipped` : ""})\n\nnuclear norm of the gradient, mean over samples\n` +
        `${formatTable(["layer", ...r.matrices], rows)}\n\n${heatmap(labels, [...r.matrices], values)}\n`,
    );
    if (r.nuclearAccumulated) {
      const acc = r.nuclearAccumulated;
      const arows = r.layers.map((l, i) => [
        l,
        ...r.matrices.map((m) => Number((acc[m][i] as number).toPrecision(4))),
      ]);
      ctx.stdout.write(
        `\nnuclear norm of the gradient accumulated over the dataset\n${formatTable(["layer", ...r.matrices], arows)}\n`,
      );
    }
    return 0;
  },
};
