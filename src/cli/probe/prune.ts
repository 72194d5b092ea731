import { UsageError } from "../../errors.ts";
import { parseLayerList } from "../../probe/prune/prune-layers.ts";
import { pruneModel } from "../../probe/prune/prune-model.ts";
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
  outputFolder,
  positiveInt,
} from "./shared.ts";

export const command: Command = {
  name: "prune",
  summary: "Remove layers and write a loadable checkpoint (explicit list or the N lowest-BI layers)",
  description:
    "Writes OUT with the remaining layers renumbered in tensor names, num_hidden_layers (and per-layer\n" +
    "config lists such as layer_types) updated, the shard index rewritten and tokenizer files copied.\n" +
    "Tensors keep their stored dtype. Layers are 0-based; ranges are inclusive (21-29 removes 9 layers).\n" +
    "OUT is written as a hidden sibling folder renamed into place at the end: a killed prune leaves OUT absent.",
  positionals: [MODEL_POSITIONAL],
  flags: {
    remove: { type: "string", arg: "LIST", description: "Layers to remove, e.g. 21-29 or 3,5,7-9" },
    "lowest-bi": {
      type: "string",
      arg: "N",
      description: "Remove the N layers with the lowest Block Influence",
    },
    text: { type: "string", arg: "FILE", description: "Calibration text for --lowest-bi" },
    tokens: { type: "string", arg: "N", description: "Calibration tokens for --lowest-bi (default 2048)" },
    out: { type: "string", arg: "DIR", description: "Output folder (must not exist or be empty)" },
    ...BOS_FLAGS,
    ...CACHING_FLAG,
  },
  examples: [
    "strata probe prune data/models/stories260K --lowest-bi 1 --out /tmp/stories-4l",
    "strata probe prune ./Llama-2-7b-hf --remove 21-29 --out ./llama-2-7b-pruned",
  ],
  async run(ctx) {
    const out = outputFolder(ctx, "out");
    if (out === undefined) throw new UsageError("probe prune: --out DIR is required");
    const hasRemove = ctx.flags.remove !== undefined;
    const hasLowest = ctx.flags["lowest-bi"] !== undefined;
    if (hasRemove === hasLowest)
      throw new UsageError("probe prune: give exactly one of --remove LIST or --lowest-bi N");
    let remove: number[] | undefined;
    if (hasRemove) {
      try {
        remove = parseLayerList(String(ctx.flags.remove));
      } catch (err) {
        throw new UsageError(`--remove: ${(err as Error).message}`);
      }
    }
    const model = modelDir(ctx);
    const lowestBi = hasLowest ? positiveInt(ctx.flags["lowest-bi"], "--lowest-bi") : undefined;
    if (lowestBi !== undefined) checkRemovable(model, lowestBi, "--lowest-bi");
    if (remove !== undefined) checkRemovable(model, remove.length, "--remove");
    const tokens = positiveInt(ctx.flags.tokens, "--tokens");
    const bos = bosFlag(ctx);
    const caching = cachingFlag(ctx);
    const biBar = hasLowest ? ctx.progress("block influence", undefined) : null;
    const writeBar = ctx.progress("writing tensors", undefined);
    const r = await pruneModel({
      model,
      outDir: out,
      remove,
      lowestBi,
      textFile: inputPath(ctx, "text"),
      tokens,
      bos,
      load: { caching },
      onProgress: (stage, d, t) => (stage === "bi" ? biBar : writeBar)?.update(d, t),
    });
    biBar?.done();
    writeBar.done();
    if (ctx.json) {
      printJson(ctx, r);
      return 0;
    }
    ctx.stdout.write(
      `removed layers ${r.removed.join(", ")} (${r.originalLayers} -> ${r.keptLayers} layers)\n` +
        (r.blockInfluence
          ? `chosen by lowest Block Influence: ${r.removed.map((l) => `${l} (${(r.blockInfluence?.bi[r.blockInfluence.layers.indexOf(l)] ?? Number.NaN).toFixed(4)})`).join(", ")}\n`
          : "") +
        (r.filteredConfigLists.length
          ? `per-layer config lists filtered: ${r.filteredConfigLists.join(", ")}\n`
          : "") +
        `wrote ${r.outDir}: ${r.files.join(", ")}\n`,
    );
    return 0;
  },
};
