import { loadGsm8k } from "../data.ts";
import type { Gsm8kDoc } from "../docs.ts";
import { defineTask } from "../task.ts";

// --- GSM8K: "Question: {q}\nAnswer:", greedy until a stop string, answer from "#### N".
export function gsm8kText(doc: Gsm8kDoc): string {
  return `Question: ${doc.question}\nAnswer:`;
}
/** The stop strings of gsm8k.py at b281b09: rf.greedy_until(ctx, {"until": [":", "Question:", "Question"]}). */
export const GSM8K_UNTIL: readonly string[] = [":", "Question:", "Question"];
export const GSM8K_INVALID = "[invalid]";
const GSM8K_ANSWER = /#### (-?[0-9.,]+)/;
/** First "#### N" in the text, commas removed; "[invalid]" when there is none. */
export function gsm8kExtract(text: string): string {
  const m = GSM8K_ANSWER.exec(text);
  if (!m || m[1] === undefined) return GSM8K_INVALID;
  return m[1].trim().replaceAll(",", "");
}

export const gsm8k = defineTask<Gsm8kDoc>({
  name: "gsm8k",
  shots: 5,
  metric: "exact_match",
  aggregate: "items",
  load: (o) => loadGsm8k(o),
  prompt: { description: () => "", text: gsm8kText, target: (d) => ` ${d.answer}` },
  async score(d, ctx, group, run) {
    const gen = await run.greedyUntil(ctx, GSM8K_UNTIL);
    const gold = gsm8kExtract(d.answer);
    const pred = gsm8kExtract(gen.text);
    return {
      item: {
        group,
        file: d.file,
        line: d.line,
        gold,
        pred,
        value: pred === gold ? 1 : 0,
        generation: gen.text,
      },
    };
  },
  notes: (o) =>
    o.dataFile || o.fewshotFile
      ? []
      : [
          "bundled GSM8K: no worked train solutions are shipped, so shots are drawn from the test solutions (never the current item); pass --fewshot-data train.jsonl for the harness's train-split shots",
        ],
});
