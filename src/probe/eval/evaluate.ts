import type { CausalLM, TextTokenizer } from "../lm.ts";
import {
  type LoadOptions,
  loadArc,
  loadGsm8k,
  loadHellaswag,
  loadMmlu,
  loadTruthfulqa,
  loadWinogrande,
  type TaskGroup,
} from "./data.ts";
import { docKey, LEADERBOARD_SEED, planFewshot } from "./fewshot.ts";
import {
  EvaluationError,
  greedyUntil,
  loglikelihood,
  loglikelihoodMany,
  type PairTokenization,
} from "./scoring.ts";
import {
  arcText,
  argmax,
  GSM8K_UNTIL,
  gsm8kExtract,
  gsm8kText,
  type Metric,
  mmluDescription,
  mmluText,
  TASK_NAMES,
  TASK_SETTINGS,
  type TaskName,
  truthfulqaMc2,
  truthfulqaText,
  winograndeAppendContext,
  winograndePartialContext,
  winograndePartialTarget,
} from "./tasks.ts";

export interface EvalOptions extends LoadOptions {
  task: TaskName;
  /** Few-shot count; defaults to the leaderboard's (25, 10, 5, 0, 5, 5). */
  shots?: number;
  /** Evaluate only the first N docs of the harness's shuffled order (per subject for MMLU). */
  limit?: number;
  /** Seed of the few-shot generator; the leaderboard used 42. */
  seed?: number;
  /** MMLU subjects to run (underscore names); all when omitted. */
  subjects?: string[];
  tokenization?: PairTokenization;
  /** Most tokens generated per GSM8K item (default 256, the harness's max_gen_toks). */
  maxGenTokens?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ItemResult {
  /** Group (MMLU subject, otherwise the task). */
  group: string;
  file: string;
  line: number;
  gold: number | string;
  pred: number | string;
  /** The item's contribution to the score: 1/0, or the mc2 probability mass. */
  value: number;
  /** Log-likelihood per choice (per option for WinoGrande). */
  logprobs?: number[];
  /** GSM8K: the generated text (cut at the stop strings). */
  generation?: string;
}

export interface GroupScore {
  name: string;
  score: number;
  stderr: number;
  n: number;
}

export interface EvalResult {
  task: TaskName;
  metric: Metric;
  score: number;
  stderr: number;
  n: number;
  shots: number;
  seed: number;
  tokenization: PairTokenization;
  /** Every metric computed (ARC and HellaSwag: acc and acc_norm). */
  metrics: Record<string, number>;
  /** MMLU: one entry per subject; the score is their unweighted mean. */
  groups: GroupScore[];
  items: ItemResult[];
  notes: string[];
}

/** Mean and standard error of the mean with the sample standard deviation (the harness's mean_stderr). */
export function meanStderr(values: readonly number[]): { mean: number; stderr: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, stderr: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, stderr: Number.NaN };
  const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, stderr: Math.sqrt(v / n) };
}

/** Python len(): code points, not UTF-16 units. */
const charLength = (s: string): number => [...s].length;

interface Scored {
  item: ItemResult;
  extra?: Record<string, number>;
}

/**
 * Evaluates `model` on one task with the Open LLM Leaderboard v1 settings (lm-evaluation-harness b281b09).
 * Data: the bundled samples unless `dataFile` is given (see data.ts for the layouts read).
 */
export async function evaluate(
  model: CausalLM,
  tokenizer: TextTokenizer,
  opts: EvalOptions,
): Promise<EvalResult> {
  const { task } = opts;
  if (!TASK_NAMES.includes(task))
    throw new EvaluationError(`unknown task '${task}'; one of: ${TASK_NAMES.join(", ")}`);
  const settings = TASK_SETTINGS[task];
  const shots = opts.shots ?? settings.shots;
  const seed = opts.seed ?? LEADERBOARD_SEED;
  const mode = opts.tokenization ?? "joint";
  if (!Number.isInteger(shots) || shots < 0)
    throw new EvaluationError(`shots must be a non-negative integer, got ${shots}`);
  if (opts.limit !== undefined && (!Number.isInteger(opts.limit) || opts.limit < 1)) {
    throw new EvaluationError(`limit must be a positive integer, got ${opts.limit}`);
  }
  if ((task === "truthfulqa_mc1" || task === "truthfulqa_mc2") && shots !== 0) {
    throw new EvaluationError(
      "TruthfulQA is 0-shot (the harness asserts it): its fixed 6-QA primer stands in for shots",
    );
  }
  const notes: string[] = [];
  const ll = (ctx: string, cont: string) => loglikelihood(model, tokenizer, ctx, cont, mode);

  const run = async <D extends object>(
    groups: TaskGroup<D>[],
    text: (d: D) => string,
    target: (d: D) => string,
    description: (g: TaskGroup<D>) => string,
    score: (doc: D, ctx: string, group: string) => Promise<Scored>,
  ): Promise<{ group: string; scored: Scored[] }[]> => {
    const plans = groups.map((g) => ({ g, plan: planFewshot(g, shots, seed, opts.limit, docKey) }));
    const total = plans.reduce((a, p) => a + p.plan.length, 0);
    let done = 0;
    const out: { group: string; scored: Scored[] }[] = [];
    for (const { g, plan } of plans) {
      const scored: Scored[] = [];
      for (const p of plan) {
        const examples = p.shots.map((s) => text(s) + target(s));
        const ctx =
          description(g) + (examples.length > 0 ? `${examples.join("\n\n")}\n\n` : "") + text(p.doc);
        scored.push(await score(p.doc, ctx, g.name));
        done++;
        opts.onProgress?.(done, total);
      }
      out.push({ group: g.name, scored });
    }
    return out;
  };

  // Multiple choice with " {choice}" continuations: acc and acc_norm (divide by the choice's characters).
  const multipleChoice = async (
    doc: { file: string; line: number; gold: number },
    ctx: string,
    group: string,
    choices: string[],
    conts: string[],
  ): Promise<Scored> => {
    const lls = (await loglikelihoodMany(model, tokenizer, ctx, conts, mode)).map((r) => r.logprob);
    const pred = argmax(lls);
    const predNorm = argmax(lls.map((x, i) => x / charLength(choices[i] as string)));
    const primary = settings.metric === "acc_norm" ? predNorm : pred;
    return {
      item: {
        group,
        file: doc.file,
        line: doc.line,
        gold: doc.gold,
        pred: primary,
        value: primary === doc.gold ? 1 : 0,
        logprobs: lls,
      },
      extra: { acc: pred === doc.gold ? 1 : 0, acc_norm: predNorm === doc.gold ? 1 : 0 },
    };
  };

  let results: { group: string; scored: Scored[] }[];
  switch (task) {
    case "arc_challenge":
      results = await run(
        loadArc(opts),
        arcText,
        (d) => ` ${d.choices[d.gold]}`,
        () => "",
        (d, ctx, g) =>
          multipleChoice(
            d,
            ctx,
            g,
            d.choices,
            d.choices.map((c) => ` ${c}`),
          ),
      );
      break;
    case "hellaswag":
      results = await run(
        loadHellaswag(opts),
        (d) => d.query,
        (d) => ` ${d.endings[d.gold]}`,
        () => "",
        (d, ctx, g) =>
          multipleChoice(
            d,
            ctx,
            g,
            d.endings,
            d.endings.map((c) => ` ${c}`),
          ),
      );
      if (!opts.dataFile) {
        notes.push(
          "bundled HellaSwag sample: 100 validation items without activity labels (no '{label}: ' prefix, ctx_b not capitalised); shots drawn from the same 100 items, never the current one",
        );
      }
      break;
    case "mmlu": {
      const keys = ["A", "B", "C", "D"];
      results = await run(
        loadMmlu(opts, opts.subjects),
        mmluText,
        (d) => ` ${keys[d.gold]}`,
        (g) => mmluDescription(g.name),
        (d, ctx, g) =>
          multipleChoice(
            d,
            ctx,
            g,
            keys,
            keys.map((k) => ` ${k}`),
          ),
      );
      break;
    }
    case "truthfulqa_mc1":
    case "truthfulqa_mc2": {
      const mc2 = task === "truthfulqa_mc2";
      results = await run(
        loadTruthfulqa(opts),
        truthfulqaText,
        () => "",
        () => "",
        async (d, ctx, g) => {
          const targets = mc2 ? d.mc2 : d.mc1;
          if (targets === null) {
            throw new EvaluationError(
              `${d.file}:${d.line}: no mc2_targets. The bundled TruthfulQA sample is mc1 only; for mc2 pass --data with the truthful_qa multiple_choice layout ({question, mc1_targets, mc2_targets})`,
            );
          }
          const lls = (
            await loglikelihoodMany(
              model,
              tokenizer,
              ctx,
              targets.choices.map((c) => ` ${c}`),
              mode,
            )
          ).map((r) => r.logprob);
          const gold = targets.labels.indexOf(1);
          if (mc2) {
            const value = truthfulqaMc2(lls, targets.labels);
            return {
              item: { group: g, file: d.file, line: d.line, gold, pred: argmax(lls), value, logprobs: lls },
            };
          }
          const pred = argmax(lls);
          const value = targets.labels[pred] === 1 ? 1 : 0;
          return { item: { group: g, file: d.file, line: d.line, gold, pred, value, logprobs: lls } };
        },
      );
      break;
    }
    case "winogrande":
      results = await run(
        loadWinogrande(opts),
        (d) => winograndePartialContext(d, d.gold === 0 ? d.option1 : d.option2),
        winograndePartialTarget,
        () => "",
        async (d, ctx, g) => {
          const target = winograndePartialTarget(d);
          const lls: number[] = [];
          for (const option of [d.option1, d.option2]) {
            const full = winograndeAppendContext(ctx, winograndePartialContext(d, option));
            lls.push((await ll(full, target)).logprob);
          }
          const pred = argmax(lls);
          return {
            item: {
              group: g,
              file: d.file,
              line: d.line,
              gold: d.gold,
              pred,
              value: pred === d.gold ? 1 : 0,
              logprobs: lls,
            },
          };
        },
      );
      break;
    case "gsm8k":
      results = await run(
        loadGsm8k(opts),
        gsm8kText,
        (d) => ` ${d.answer}`,
        () => "",
        async (d, ctx, g) => {
          const gen = await greedyUntil(model, tokenizer, ctx, {
            until: GSM8K_UNTIL,
            maxTokens: opts.maxGenTokens,
          });
          const gold = gsm8kExtract(d.answer);
          const pred = gsm8kExtract(gen.text);
          return {
            item: {
              group: g,
              file: d.file,
              line: d.line,
              gold,
              pred,
              value: pred === gold ? 1 : 0,
              generation: gen.text,
            },
          };
        },
      );
      if (!opts.dataFile && !opts.fewshotFile) {
        notes.push(
          "bundled GSM8K: no worked train solutions are shipped, so shots are drawn from the test solutions (never the current item); pass --fewshot-data train.jsonl for the harness's train-split shots",
        );
      }
      break;
    default:
      return task satisfies never;
  }

  const items = results.flatMap((r) => r.scored.map((s) => s.item));
  const metrics: Record<string, number> = {};
  let score: number;
  let stderr: number;
  let groups: GroupScore[] = [];
  if (task === "mmlu") {
    groups = results.map((r) => {
      const ms = meanStderr(r.scored.map((s) => s.item.value));
      return { name: r.group, score: ms.mean, stderr: ms.stderr, n: r.scored.length };
    });
    score = groups.reduce((a, g) => a + g.score, 0) / groups.length;
    stderr = Math.sqrt(groups.reduce((a, g) => a + g.stderr ** 2, 0)) / groups.length;
    metrics.acc = score;
  } else {
    const ms = meanStderr(items.map((i) => i.value));
    score = ms.mean;
    stderr = ms.stderr;
    const all = results.flatMap((r) => r.scored);
    for (const name of Object.keys(all[0]?.extra ?? {})) {
      metrics[name] = meanStderr(all.map((s) => s.extra?.[name] ?? 0)).mean;
    }
    metrics[settings.metric] = score;
  }
  return {
    task,
    metric: settings.metric,
    score,
    stderr,
    n: items.length,
    shots,
    seed,
    tokenization: mode,
    metrics,
    groups,
    items,
    notes,
  };
}
