import { loadMmlu } from "../data.ts";
import { ANSWER_KEYS, type MmluDoc } from "../docs.ts";
import { defineTask } from "../task.ts";
import { scoreChoices } from "./multiple-choice.ts";

// --- MMLU: per-subject description line, lettered choices, continuation " A".." D".
export function mmluSubjectName(subject: string): string {
  return subject.replaceAll("_", " ").replaceAll("-", " ");
}
export function mmluDescription(subject: string): string {
  return `The following are multiple choice questions (with answers) about ${mmluSubjectName(subject)}.\n\n`;
}
export function mmluText(doc: MmluDoc): string {
  const lines = doc.choices.map((c, i) => `${ANSWER_KEYS[i]}. ${c}\n`).join("");
  return `${doc.question.trim()}\n${lines}Answer:`;
}

const KEYS = ["A", "B", "C", "D"] as const;

export const mmlu = defineTask<MmluDoc>({
  name: "mmlu",
  shots: 5,
  metric: "acc",
  aggregate: "groups",
  load: (o) => loadMmlu(o, o.subjects),
  prompt: { description: mmluDescription, text: mmluText, target: (d) => ` ${KEYS[d.gold]}` },
  score: (d, ctx, group, run) => scoreChoices(d, ctx, group, KEYS, "acc", run),
});
