import { loadWinogrande } from "../data.ts";
import { argmax, type WinograndeDoc } from "../docs.ts";
import { defineTask } from "../task.ts";

// --- WinoGrande: partial scoring. Context = sentence up to the blank with an option filled in,
// continuation = " " + the text after the blank (shared by both options).
export function winograndePartialContext(doc: WinograndeDoc, option: string): string {
  const at = doc.sentence.indexOf("_");
  return doc.sentence.slice(0, at) + option;
}
export function winograndePartialTarget(doc: WinograndeDoc): string {
  const at = doc.sentence.indexOf("_") + 1;
  return ` ${doc.sentence.slice(at).trim()}`;
}
/** Replaces the last "\n\n"-separated block of `ctx` (the current doc's own text) by `partial`. */
export function winograndeAppendContext(ctx: string, partial: string): string {
  const parts = ctx.split("\n\n");
  parts.pop();
  return parts.length > 0 ? [...parts, partial].join("\n\n") : partial;
}

export const winogrande = defineTask<WinograndeDoc>({
  name: "winogrande",
  shots: 5,
  metric: "acc",
  aggregate: "items",
  load: (o) => loadWinogrande(o),
  prompt: {
    description: () => "",
    text: (d) => winograndePartialContext(d, d.gold === 0 ? d.option1 : d.option2),
    target: winograndePartialTarget,
  },
  async score(d, ctx, group, run) {
    const continuation = winograndePartialTarget(d);
    const requests = [d.option1, d.option2].map((option) => ({
      context: winograndeAppendContext(ctx, winograndePartialContext(d, option)),
      continuation,
    }));
    const lls = (await run.loglikelihoods(requests)).map((r) => r.logprob);
    const pred = argmax(lls);
    return {
      item: {
        group,
        file: d.file,
        line: d.line,
        gold: d.gold,
        pred,
        value: pred === d.gold ? 1 : 0,
        logprobs: lls,
      },
    };
  },
});
