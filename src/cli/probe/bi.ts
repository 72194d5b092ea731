import { writeFileAtomic } from "../../probe/atomic-write.ts";
import { lowestBiLayers } from "../../probe/bi/block-influence.ts";
import { modelBlockInfluence } from "../../probe/bi/run-bi.ts";
import { barChartSvg } from "../../probe/charts/svg.ts";
import { barChart } from "../../probe/charts/terminal.ts";
import { saveProbeResult } from "../../probe/save.ts";
import type { Command } from "../command.ts";
import { printJson } from "../output.ts";
import {
  BOS_FLAGS,
  bosFlag,
  CACHING_FLAG,
  cachingFlag,
  checkRemovable,
  inputPath,
  MODEL_POSITIONAL,
  modelDir,
  outputFile,
  positiveInt,
  SAVE_FLAGS,
  saveDir,
} from "./shared.ts";

export const command: Command = {
  name: "bi",
  summary: "Block Influence per layer (ShortGPT): 1 - mean cos(h_i, h_i+1) on calibration text",
  description:
    "Forward only. h_i is the hidden state entering layer i; for the last layer the state before the final\n" +
    "norm. Also prints the angular variant (mean arccos(cos)/pi). Low-BI layers change the residual stream\n" +
    "least and are the first candidates for `strata probe prune --lowest-bi N`.\n" +
    "The text is tokenized as the model's tokenizer does (`tokenizer(text)`: BOS first for Llama), in\n" +
    "sequences of --seq-len tokens each starting as tokenizer(chunk) would; --bos / --no-bos override.\n" +
    "The default calibration text is a short neutral English sample bundled with Strata.",
  positionals: [MODEL_POSITIONAL],
  flags: {
    text: { type: "string", arg: "FILE", description: "Calibration text file (plain UTF-8)" },
    tokens: { type: "string", arg: "N", default: "2048", description: "Use N tokens of the text in all" },
    "seq-len": {
      type: "string",
      arg: "N",
      default: "512",
      description: "Split the tokens into sequences of N",
    },
    svg: { type: "string", arg: "FILE", description: "Also write the chart as SVG" },
    mark: { type: "string", arg: "N", description: "Highlight the N lowest-BI layers in the SVG" },
    ...BOS_FLAGS,
    ...CACHING_FLAG,
    ...SAVE_FLAGS,
  },
  examples: [
    "strata probe bi data/models/stories260K",
    "strata probe bi data/models/stories260K --svg bi.svg --mark 1 --save",
    "strata probe bi ./Llama-2-7b-hf --text wiki.txt --tokens 4096 --caching disk",
  ],
  async run(ctx) {
    const model = modelDir(ctx);
    const svg = outputFile(ctx, "svg");
    const mark = positiveInt(ctx.flags.mark, "--mark");
    if (mark !== undefined) checkRemovable(model, mark, "--mark");
    const save = saveDir(ctx);
    const bar = ctx.progress("block influence", undefined);
    const r = await modelBlockInfluence({
      model,
      textFile: inputPath(ctx, "text"),
      tokens: positiveInt(ctx.flags.tokens, "--tokens"),
      sequenceLength: positiveInt(ctx.flags["seq-len"], "--seq-len"),
      bos: bosFlag(ctx),
      load: { caching: cachingFlag(ctx) },
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.done();
    const lowest = mark === undefined ? [] : lowestBiLayers(r, mark);
    const chart = barChartSvg({
      title: `Block Influence per layer (${r.tokens} tokens)`,
      labels: r.layers.map(String),
      values: r.bi,
      yLabel: "BI = 1 - mean cos",
      highlight: new Set(lowest.map((l) => r.layers.indexOf(l))),
    });
    if (svg !== undefined) writeFileAtomic(svg, chart);
    const saved = save === null ? null : saveProbeResult(save, model, "bi", r, chart);
    if (ctx.json) {
      printJson(ctx, r);
      return 0;
    }
    const order = r.layers.map((l, i) => ({ l, b: r.bi[i] as number })).sort((a, b) => a.b - b.b);
    ctx.stdout.write(
      `Block Influence of ${r.layers.length} layers (${r.modelType}), ${r.tokens} tokens in ${r.sequences} sequence(s) of ${r.textSource}${r.bos ? ", each starting with BOS" : ", no BOS"}\n\n` +
        `${barChart(
          r.layers.map((l) => `layer ${l}`),
          r.bi,
        )}\n\nangular BI: ${r.angular.map((a) => a.toFixed(4)).join(" ")}\n` +
        `lowest BI first: ${order.map((o) => o.l).join(", ")}\n` +
        (saved ? `saved ${saved.json}\n` : ""),
    );
    return 0;
  },
};
