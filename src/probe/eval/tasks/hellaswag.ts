import { loadHellaswag } from "../data.ts";
import type { HellaswagDoc } from "../docs.ts";
import { defineTask } from "../task.ts";
import { scoreChoices } from "./multiple-choice.ts";

// HellaSwag: the preprocessed "{activity_label}: {ctx_a} {Ctx_b}" (docs.ts) + " {ending}", acc_norm.
export const hellaswag = defineTask<HellaswagDoc>({
  name: "hellaswag",
  shots: 10,
  metric: "acc_norm",
  aggregate: "items",
  load: (o) => loadHellaswag(o),
  prompt: { description: () => "", text: (d) => d.query, target: (d) => ` ${d.endings[d.gold]}` },
  score: (d, ctx, group, run) => scoreChoices(d, ctx, group, d.endings, "acc_norm", run),
  notes: (o) =>
    o.dataFile
      ? []
      : [
          "bundled HellaSwag sample: 100 validation items without activity labels (no '{label}: ' prefix, ctx_b not capitalised); shots drawn from the same 100 items, never the current one",
        ],
});
