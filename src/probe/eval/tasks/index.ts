import type { Metric, TaskName } from "../docs.ts";
import type { AnyEvalTask } from "../task.ts";
import { arcChallenge } from "./arc-challenge.ts";
import { gsm8k } from "./gsm8k.ts";
import { hellaswag } from "./hellaswag.ts";
import { mmlu } from "./mmlu.ts";
import { truthfulqaMc1Task, truthfulqaMc2Task } from "./truthfulqa.ts";
import { winogrande } from "./winogrande.ts";

export * from "./arc-challenge.ts";
export * from "./gsm8k.ts";
export * from "./hellaswag.ts";
export * from "./mmlu.ts";
export * from "./multiple-choice.ts";
export * from "./truthfulqa.ts";
export * from "./winogrande.ts";

/** Every evaluation task by name, in the leaderboard's order. */
export const TASKS: Readonly<Record<TaskName, AnyEvalTask>> = {
  arc_challenge: arcChallenge,
  hellaswag,
  mmlu,
  truthfulqa_mc1: truthfulqaMc1Task,
  truthfulqa_mc2: truthfulqaMc2Task,
  winogrande,
  gsm8k,
};

export const TASK_NAMES: readonly TaskName[] = Object.keys(TASKS) as TaskName[];

/** Leaderboard v1 shots and metric per task. */
export const TASK_SETTINGS: Readonly<Record<TaskName, { shots: number; metric: Metric }>> =
  Object.fromEntries(
    Object.values(TASKS).map((t) => [t.name, { shots: t.shots, metric: t.metric }]),
  ) as Record<TaskName, { shots: number; metric: Metric }>;

export function isTaskName(name: string): name is TaskName {
  return Object.hasOwn(TASKS, name);
}
