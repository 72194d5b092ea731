import { argmax, type DocSource } from "../docs.ts";
import type { Scored, TaskRun } from "../task.ts";

/** Python len(): code points, not UTF-16 units. */
export const charLength = (s: string): number => [...s].length;

/**
 * Multiple choice with " {choice}" continuations after the context: acc (highest log-likelihood) and
 * acc_norm (highest log-likelihood per character of the choice), the primary one as the item's value.
 */
export async function scoreChoices(
  doc: DocSource & { gold: number },
  context: string,
  group: string,
  choices: readonly string[],
  primary: "acc" | "acc_norm",
  run: TaskRun,
): Promise<Scored> {
  const lls = (await run.loglikelihoods(choices.map((c) => ({ context, continuation: ` ${c}` })))).map(
    (r) => r.logprob,
  );
  const pred = argmax(lls);
  const predNorm = argmax(lls.map((x, i) => x / charLength(choices[i] as string)));
  const chosen = primary === "acc_norm" ? predNorm : pred;
  return {
    item: {
      group,
      file: doc.file,
      line: doc.line,
      gold: doc.gold,
      pred: chosen,
      value: chosen === doc.gold ? 1 : 0,
      logprobs: lls,
    },
    extra: { acc: pred === doc.gold ? 1 : 0, acc_norm: predNorm === doc.gold ? 1 : 0 },
  };
}
