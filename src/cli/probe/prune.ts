import { UsageError } from "../../contracts/index.ts";
import { parseLayerList, pruneModel } from "../../probe/index.ts";
import { defineCommand } from "../command.ts";
import { flag } from "../flags.ts";
import { printJson } from "../output.ts";
import {
  BOS_FLAGS,
  bosChoice,
  CACHING_FLAG,
  checkRemovable,
  MODEL_POSITIONAL,
  modelDir,
  outputFolder,
} from "./shared.ts";

export const command = defineCommand({
  name: "prune",
  summary: "Remove layers and write a loadable checkpoint (explicit list or the N lowest-BI layers)",
  description:
    "Writes OUT with the remaining layers renumbered in tensor names, num_hidden_layers (and per-layer\n" +
    "config lists such as layer_types) updated, the shard index rewritten and tokenizer files copied.\n" +
    "Tensors keep their stored dtype. Layers are 0-based; ranges are inclusive (21-29 removes 9 layers).\n" +
    "OUT is written as a hidden sibling folder renamed into place at the end: a killed prune leaves OUT absent.",
  positionals: [MODEL_POSITIONAL],
  flags: {
    remove: flag.string({
      arg: "LIST",
      nonEmpty: true,
      description: "Layers to remove, e.g. 21-29 or 3,5,7-9",
    }),
    "lowest-bi": flag.int({
      arg: "N",
      min: 1,
      description: "Remove the N layers with the lowest Block Influence",
    }),
    text: flag.path({ arg: "FILE", description: "Calibration text for --lowest-bi" }),
    tokens: flag.int({ arg: "N", min: 1, description: "Calibration tokens for --lowest-bi (default 2048)" }),
    out: flag.path({ arg: "DIR", required: true, description: "Output folder (must not exist or be empty)" }),
    ...BOS_FLAGS,
    ...CACHING_FLAG,
  },
  examples: [
    "strata probe prune data/models/stories260K --lowest-bi 1 --out /tmp/stories-4l",
    "strata probe prune ./Llama-2-7b-hf --remove 21-29 --out ./llama-2-7b-pruned",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const out = outputFolder(f.out, "out");
    const hasRemove = f.remove !== undefined;
    const hasLowest = f["lowest-bi"] !== undefined;
    if (hasRemove === hasLowest)
      throw new UsageError("probe prune: give exactly one of --remove LIST or --lowest-bi N");
    let remove: number[] | undefined;
    if (hasRemove) {
      try {
        remove = parseLayerList(String(f.remove));
      } catch (err) {
        throw new UsageError(`--remove: ${(err as Error).message}`);
      }
    }
    const model = modelDir(ctx);
    const lowestBi = f["lowest-bi"];
    if (lowestBi !== undefined) checkRemovable(model, lowestBi, "--lowest-bi");
    if (remove !== undefined) checkRemovable(model, remove.length, "--remove");
    const tokens = f.tokens;
    const bos = bosChoice(f);
    const caching = f.caching;
    const biBar = hasLowest ? ctx.progress("block influence", undefined) : null;
    const writeBar = ctx.progress("writing tensors", undefined);
    const r = await pruneModel({
      model,
      outDir: out,
      remove,
      lowestBi,
      textFile: f.text,
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
});
