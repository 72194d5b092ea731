import { basename } from "node:path";
import { STUDY_INSIDE_MODEL } from "../../study.ts";
import { fmt } from "../format.ts";
import type { SectionDef, TableDef } from "../types.ts";
import type { InsideModelData } from "./analyze.ts";
import { blockInfluenceSpec, gradientNormSpec, pruneLossSpec } from "./specs.ts";

export const INSIDE_MODEL_SECTION = "inside-model";

/** The report's "Inside a model" section from its numbers. Pure. */
export function insideModelSection(d: InsideModelData): SectionDef {
  const name = d.bundled ? "the bundled stories260K" : basename(d.model);
  const p = d.prune;
  const delta = p.lossAfter - p.lossBefore;
  const tables: TableDef[] = [
    {
      caption: `Held-out loss of ${name} (mean next-token cross-entropy over ${p.tokens} tokens of short stories written for Strata)`,
      header: ["model", "layers", "loss (nats/token)", "perplexity"],
      rows: [
        ["all layers", d.layers, fmt(p.lossBefore, 4), fmt(Math.exp(p.lossBefore), 2)],
        [
          `without layer ${p.removed} (lowest BI)`,
          d.layers - 1,
          fmt(p.lossAfter, 4),
          fmt(Math.exp(p.lossAfter), 2),
        ],
      ],
    },
  ];
  if (d.saved.length > 0) {
    tables.push({
      caption: "Probe results saved into this dataset folder (strata probe bi|grad|eval --save)",
      header: ["model", "result", "summary", "file"],
      rows: d.saved.map((s) => [s.model, s.kind, s.summary, s.file]),
    });
  }
  let ranking = "";
  if (p.perLayer) {
    const sorted = [...p.perLayer].sort((a, b) => a.loss - b.loss);
    const rank = sorted.findIndex((x) => x.layer === p.removed) + 1;
    const worst = sorted[sorted.length - 1];
    ranking =
      rank === 1
        ? " Of all single layers, it is the one whose removal hurts least."
        : ` Removing it ranks ${rank} of ${sorted.length} by loss (least harmful: layer ${sorted[0]?.layer}).`;
    if (worst) ranking += ` Removing layer ${worst.layer} hurts most (${fmt(worst.loss, 3)}).`;
  }
  return {
    id: INSIDE_MODEL_SECTION,
    nav: "Inside a model",
    title: `Inside a model: ${name}`,
    method:
      `Measured with Strata's probe engine on ${name} (${d.family}, ${d.layers} layers, ${Math.round(d.parameters).toLocaleString("en-US")} parameters), tokenized as its own tokenizer does${d.bi.bos ? " (BOS first)" : ""}. ` +
      `Block Influence (ShortGPT): 1 - mean cosine between the hidden states entering and leaving each layer, over ${d.bi.tokens} tokens of the bundled calibration text. ` +
      `Pruning: the loss of held-out short stories (written for Strata, not in the training data) with every layer, and with the lowest-BI layer removed${p.perLayer ? " (and with each layer removed in turn)" : ""}. ` +
      `Gradients (Li et al. 2024): batch 1, cross-entropy on the answer tokens only, no optimizer step; per layer and weight matrix the nuclear norm of the gradient, averaged over ${d.gradients[0]?.samples ?? 0} samples of each task. ` +
      "Run `strata report --probe-model DIR` for your own checkpoint; `strata probe bi|grad|eval --save` results are listed here.",
    figures: [
      {
        id: "fig-inside-bi",
        caption: `Block Influence per layer of ${name}; the lowest (pruned) in red.`,
        spec: blockInfluenceSpec(d.bi, p.removed),
      },
      {
        id: "fig-inside-prune",
        caption: `Held-out loss of ${name} with one layer removed; the dashed line is the full model.`,
        spec: pruneLossSpec(p),
      },
      {
        id: "fig-inside-gradients",
        caption: `Gradient nuclear norm per layer and weight matrix of ${name} on ARC-Challenge and TruthfulQA.`,
        spec: gradientNormSpec(d.gradients),
      },
    ],
    tables,
    study: {
      source: STUDY_INSIDE_MODEL.source,
      study: STUDY_INSIDE_MODEL.shows,
      verdict: "no number",
      line: `Same measurements on a different model: ${name}'s lowest-BI layer is layer ${p.removed} of ${d.layers}, and removing it moves the held-out loss by ${delta >= 0 ? "+" : ""}${fmt(delta, 3)} nats per token.`,
    },
    reading:
      `Lowest Block Influence: layer ${p.removed} (${fmt(d.bi.bi[d.bi.layers.indexOf(p.removed)] ?? Number.NaN, 4)}); highest: layer ${d.bi.layers[d.bi.bi.indexOf(Math.max(...d.bi.bi))]} (${fmt(Math.max(...d.bi.bi), 4)}). ` +
      `Removing layer ${p.removed} takes the held-out loss from ${fmt(p.lossBefore, 3)} to ${fmt(p.lossAfter, 3)} nats per token.${ranking}`,
  };
}
