import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { heatmap, heatmapSvg, modelLayerGradients } from "../../probe/index.ts";
import { defineCommand } from "../command.ts";
import { flag } from "../flags.ts";
import { formatTable, printJson } from "../output.ts";

export const command = defineCommand({
  name: "grad",
  summary: "Nuclear norms of per-layer weight gradients (Q, K, V, O, Gate, Up, Down) on a task",
  description:
    "Batch 1, cross-entropy on the response tokens only, no optimizer step (Li et al. 2024). Per matrix the\n" +
    "nuclear norm of dW = dY^T X, computed from a T x T eigenproblem instead of an SVD of dW, averaged over\n" +
    "samples; also the nuclear norm of the gradient accumulated over all samples, and the share of the top\n" +
    'singular value. TASK: arc_challenge ("Question: q\\nAnswer:" + " answer"), truthfulqa (question + best\n' +
    'answer, same template), or a JSON Lines FILE of {"prompt", "response"}.',
  positionals: [{ name: "MODEL", description: "Model folder", required: true }],
  flags: {
    task: flag.string({
      arg: "TASK|FILE",
      nonEmpty: true,
      default: "arc_challenge",
      description: "arc_challenge, truthfulqa or a .jsonl file",
    }),
    limit: flag.int({ arg: "N", min: 1, default: 100, description: "Use the first N samples" }),
    "no-accumulate": flag.boolean({
      description: "Skip the dataset-accumulated gradient (saves one float32 copy of the weights)",
    }),
    svg: flag.path({ arg: "FILE", description: "Also write the layer x matrix heatmap as SVG" }),
  },
  examples: [
    "strata probe grad ./Qwen2-0.5B --task arc_challenge --limit 50",
    "strata probe grad ./Qwen2-0.5B --task truthfulqa --json",
  ],
  async run(ctx) {
    const bar = ctx.progress("gradients", undefined);
    const task = ctx.flags.task;
    const r = await modelLayerGradients({
      model: resolve(ctx.cwd, ctx.positionals[0] as string),
      task: task === "arc_challenge" || task === "truthfulqa" ? task : resolve(ctx.cwd, task),
      limit: ctx.flags.limit,
      accumulate: !ctx.flags["no-accumulate"],
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.done();
    const labels = r.layers.map(String);
    const values = r.layers.map((_, i) => r.matrices.map((m) => r.nuclearMean[m][i] as number));
    if (ctx.flags.svg !== undefined) {
      writeFileSync(
        ctx.flags.svg,
        heatmapSvg({
          title: `Gradient nuclear norm, mean of ${r.samples} samples (${task})`,
          rowLabels: labels,
          colLabels: [...r.matrices],
          values,
        }),
      );
    }
    if (ctx.json) {
      printJson(ctx, r);
      return 0;
    }
    const rows = r.layers.map((l, i) => [
      l,
      ...r.matrices.map((m) => Number((r.nuclearMean[m][i] as number).toPrecision(4))),
    ]);
    ctx.stdout.write(
      `${r.samples} samples of ${task} (${r.tokens} response tokens, mean loss ${r.meanLoss.toFixed(4)}` +
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
});
