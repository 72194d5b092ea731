import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { barChart, barChartSvg, lowestBiLayers, modelBlockInfluence } from "../../probe/index.ts";
import { defineCommand } from "../command.ts";
import { flag } from "../flags.ts";
import { printJson } from "../output.ts";

export const command = defineCommand({
  name: "bi",
  summary: "Block Influence per layer (ShortGPT): 1 - mean cos(h_i, h_i+1) on calibration text",
  description:
    "Forward only. h_i is the hidden state entering layer i; for the last layer the state before the final\n" +
    "norm. Also prints the angular variant (mean arccos(cos)/pi). Low-BI layers change the residual stream\n" +
    "least and are the first candidates for `strata probe prune --lowest-bi N`.\n" +
    "The default calibration text is a short neutral English sample bundled with Strata.",
  positionals: [
    {
      name: "MODEL",
      description: "Model folder (config.json, *.safetensors, tokenizer.json)",
      required: true,
    },
  ],
  flags: {
    text: flag.path({ arg: "FILE", description: "Calibration text file (plain UTF-8)" }),
    tokens: flag.int({ arg: "N", min: 1, default: 2048, description: "Use the first N tokens of the text" }),
    "seq-len": flag.int({
      arg: "N",
      min: 1,
      default: 512,
      description: "Split the tokens into sequences of N",
    }),
    svg: flag.path({ arg: "FILE", description: "Also write the chart as SVG" }),
    mark: flag.int({ arg: "N", min: 1, description: "Highlight the N lowest-BI layers in the SVG" }),
  },
  examples: [
    "strata probe bi ./Qwen2-0.5B",
    "strata probe bi ./Llama-2-7b-hf --text wiki.txt --tokens 4096 --svg bi.svg",
  ],
  async run(ctx) {
    const model = resolve(ctx.cwd, ctx.positionals[0] as string);
    const bar = ctx.progress("block influence", undefined);
    const r = await modelBlockInfluence({
      model,
      textFile: ctx.flags.text,
      tokens: ctx.flags.tokens,
      sequenceLength: ctx.flags["seq-len"],
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.done();
    const mark = ctx.flags.mark;
    const lowest = mark === undefined ? [] : lowestBiLayers(r, mark);
    if (ctx.flags.svg !== undefined) {
      writeFileSync(
        ctx.flags.svg,
        barChartSvg({
          title: `Block Influence per layer (${r.tokens} tokens)`,
          labels: r.layers.map(String),
          values: r.bi,
          yLabel: "BI = 1 - mean cos",
          highlight: new Set(lowest.map((l) => r.layers.indexOf(l))),
        }),
      );
    }
    if (ctx.json) {
      printJson(ctx, r);
      return 0;
    }
    const order = r.layers.map((l, i) => ({ l, b: r.bi[i] as number })).sort((a, b) => a.b - b.b);
    ctx.stdout.write(
      `Block Influence of ${r.layers.length} layers (${r.modelType}), ${r.tokens} tokens in ${r.sequences} sequence(s) of ${r.textSource}\n\n` +
        `${barChart(
          r.layers.map((l) => `layer ${l}`),
          r.bi,
        )}\n\nangular BI: ${r.angular.map((a) => a.toFixed(4)).join(" ")}\n` +
        `lowest BI first: ${order.map((o) => o.l).join(", ")}\n`,
    );
    return 0;
  },
});
