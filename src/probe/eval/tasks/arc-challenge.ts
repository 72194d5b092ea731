import { loadArc } from "../data.ts";
import type { ArcDoc } from "../docs.ts";
import { defineTask } from "../task.ts";
import { scoreChoices } from "./multiple-choice.ts";

// ARC-Challenge: "Question: {q}\nAnswer:" + " {choice}", acc_norm by character length of the choice.
export function arcText(doc: ArcDoc): string {
  return `Question: ${doc.question}\nAnswer:`;
}

export const arcChallenge = defineTask<ArcDoc>({
  name: "arc_challenge",
  shots: 25,
  metric: "acc_norm",
  aggregate: "items",
  load: (o) => loadArc(o),
  prompt: { description: () => "", text: arcText, target: (d) => ` ${d.choices[d.gold]}` },
  score: (d, ctx, group, run) => scoreChoices(d, ctx, group, d.choices, "acc_norm", run),
});
