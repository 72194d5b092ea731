import { resolve } from "node:path";
import { UsageError } from "../../errors.ts";
import { type EvalReport, type PairTokenization, parseTaskList, runEval } from "../../probe/eval/index.ts";
import { saveProbeResult } from "../../probe/save.ts";
import type { Command, CommandContext } from "../command.ts";
import { formatTable, printJson } from "../output.ts";
import type { Progress } from "../progress.ts";
import {
  BOS_FLAGS,
  bosFlag,
  CACHING_FLAG,
  cachingFlag,
  MODEL_POSITIONAL,
  modelDir,
  positiveInt,
  SAVE_FLAGS,
  saveDir,
} from "./shared.ts";

function intFlag(ctx: CommandContext, name: string): number | undefined {
  const v = ctx.flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !/^\d+$/.test(v) || !Number.isSafeInteger(n)) {
    throw new UsageError(`probe eval: --${name} must be a non-negative integer, got '${String(v)}'`);
  }
  return n;
}
function strFlag(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.flags[name];
  return typeof v === "string" ? v : undefined;
}

const pct = (x: number): string => (Number.isFinite(x) ? (100 * x).toFixed(2) : "-");

export const command: Command = {
  name: "eval",
  summary:
    "Score a checkpoint on ARC, HellaSwag, MMLU, TruthfulQA, WinoGrande, GSM8K (Open LLM Leaderboard v1 settings)",
  description:
    "Runs the six Open LLM Leaderboard v1 tasks the way lm-evaluation-harness b281b09 did: ARC-Challenge\n" +
    "25-shot acc_norm, HellaSwag 10-shot acc_norm, MMLU 5-shot acc (unweighted mean of subjects),\n" +
    "TruthfulQA 0-shot mc2 (mc1 on the bundled sample), WinoGrande 5-shot acc (partial scoring), GSM8K\n" +
    "5-shot exact match (greedy with a KV cache, stop at ':' / 'Question:'). No BOS token (the harness of\n" +
    "that era; --bos adds it); shots drawn by Python's\n" +
    "random.Random(42) exactly as the harness; shots joined by a blank line.\n" +
    "Data: small real samples ship with Strata (data/benchmarks); pass --data FILE for the original\n" +
    "layouts (ai2_arc, hellaswag, hendrycks CSV, truthful_qa multiple_choice, winogrande, gsm8k JSONL).\n" +
    "Scores print in percent (like the leaderboard); --json gives fractions and per-item details.",
  positionals: [MODEL_POSITIONAL],
  flags: {
    task: {
      type: "string",
      arg: "LIST",
      default: "arc_challenge",
      description:
        "Comma-separated: arc_challenge, hellaswag, mmlu, truthfulqa_mc1, truthfulqa_mc2, winogrande, gsm8k, truthfulqa, all",
    },
    shots: { type: "string", arg: "K", description: "Few-shot count (default: the leaderboard's per task)" },
    limit: {
      type: "string",
      arg: "N",
      description: "First N items of the harness's shuffled order (per MMLU subject)",
    },
    data: {
      type: "string",
      arg: "FILE",
      description: "Evaluate this data file (one task) instead of the bundled sample",
    },
    "fewshot-data": {
      type: "string",
      arg: "FILE",
      description: "Draw shots from this file (e.g. the train split)",
    },
    subjects: {
      type: "string",
      arg: "LIST",
      description: "MMLU subjects, comma-separated (e.g. abstract_algebra)",
    },
    seed: { type: "string", arg: "N", description: "Few-shot seed (default 42, the leaderboard's)" },
    tokenization: {
      type: "string",
      arg: "MODE",
      default: "joint",
      description:
        "joint (default): tokenize context+continuation together and split; separate: each on its own (what b281b09's hf-causal-experimental did)",
    },
    "max-gen-tokens": {
      type: "string",
      arg: "N",
      description: "GSM8K: most generated tokens, at least 1 (default 256)",
    },
    compare: {
      type: "string",
      arg: "MODEL",
      description: "Evaluate a second checkpoint on the same items; print deltas",
    },
    ...BOS_FLAGS,
    ...CACHING_FLAG,
    ...SAVE_FLAGS,
  },
  examples: [
    "strata probe eval data/models/stories260K --task arc_challenge --limit 5",
    "strata probe eval data/models/stories260K --task gsm8k --limit 2 --max-gen-tokens 64 --save",
    "strata probe eval ./Llama-2-7b --task all --limit 20 --compare ./Llama-2-7b-pruned",
    "strata probe eval ./model --task hellaswag --data hellaswag_val.jsonl --fewshot-data hellaswag_train.jsonl --json",
  ],
  async run(ctx) {
    const model = modelDir(ctx);
    const tokenization = strFlag(ctx, "tokenization") ?? "joint";
    if (tokenization !== "joint" && tokenization !== "separate") {
      throw new UsageError(`probe eval: --tokenization must be joint or separate, got '${tokenization}'`);
    }
    const data = strFlag(ctx, "data");
    const fewshot = strFlag(ctx, "fewshot-data");
    const compare = strFlag(ctx, "compare");
    const subjects = strFlag(ctx, "subjects")
      ?.split(",")
      .map((s) => s.trim().replaceAll("-", "_").replaceAll(" ", "_"))
      .filter((s) => s !== "");
    let tasks: ReturnType<typeof parseTaskList>;
    try {
      tasks = parseTaskList(strFlag(ctx, "task") ?? "arc_challenge", data !== undefined);
    } catch (err) {
      throw new UsageError(`probe eval: ${(err as Error).message}`);
    }
    if (data !== undefined && tasks.length > 1) {
      throw new UsageError("probe eval: --data holds one task's documents; give a single --task");
    }
    const limit = intFlag(ctx, "limit");
    if (limit === 0) throw new UsageError("probe eval: --limit must be at least 1");
    const maxGenTokens = positiveInt(ctx.flags["max-gen-tokens"], "--max-gen-tokens");
    const bos = bosFlag(ctx);
    const caching = cachingFlag(ctx);
    const save = saveDir(ctx);
    const bars = new Map<string, Progress>();
    const report = await runEval(
      {
        model,
        compare: compare === undefined ? undefined : resolve(ctx.cwd, compare),
        tasks,
        shots: intFlag(ctx, "shots"),
        limit,
        seed: intFlag(ctx, "seed"),
        dataFile: data === undefined ? undefined : resolve(ctx.cwd, data),
        fewshotFile: fewshot === undefined ? undefined : resolve(ctx.cwd, fewshot),
        subjects,
        tokenization: tokenization as PairTokenization,
        maxGenTokens,
        bos,
        load: { caching },
      },
      (label, done, total) => {
        let bar = bars.get(label);
        if (!bar) {
          bar = ctx.progress(`eval ${label}`, total);
          bars.set(label, bar);
        }
        bar.update(done, total);
        if (done === total) bar.done();
      },
    );
    const saved = save === null ? null : saveProbeResult(save, model, "eval", report);
    if (ctx.json) {
      printJson(ctx, report);
      return 0;
    }
    ctx.stdout.write(formatReport(report));
    if (saved) ctx.stdout.write(`saved ${saved.json}\n`);
    return 0;
  },
};

/** Human text: one table per model, or a before/after/delta table with --compare. */
export function formatReport(report: EvalReport): string {
  const out: string[] = [];
  if (report.deltas) {
    const [a, b] = report.models;
    out.push(`before: ${a?.label}`, `after:  ${b?.label}`, "");
    const rows: (string | number | null)[][] = report.deltas.map((d) => [
      d.task,
      d.metric,
      d.n,
      pct(d.before),
      pct(d.after),
      `${d.delta >= 0 ? "+" : ""}${pct(d.delta)}`,
    ]);
    if (report.deltas.length > 1 && a && b) {
      rows.push([
        "average",
        "",
        null,
        pct(a.average),
        pct(b.average),
        `${b.average - a.average >= 0 ? "+" : ""}${pct(b.average - a.average)}`,
      ]);
    }
    out.push(
      formatTable(["task", "metric", "n", "before", "after", "delta"], rows, [
        "left",
        "left",
        "right",
        "right",
        "right",
        "right",
      ]),
    );
  } else {
    for (const m of report.models) {
      out.push(`model: ${m.label}`, "");
      const rows: (string | number | null)[][] = m.results.map((r) => [
        r.task,
        r.metric,
        r.shots,
        r.n,
        pct(r.score),
        pct(r.stderr),
      ]);
      if (m.results.length > 1) rows.push(["average", "", null, null, pct(m.average), null]);
      out.push(
        formatTable(["task", "metric", "shots", "n", "score %", "± stderr"], rows, [
          "left",
          "left",
          "right",
          "right",
          "right",
          "right",
        ]),
      );
      for (const r of m.results) {
        if (r.groups.length < 2) continue;
        out.push("", `${r.task} by subject (the score is their unweighted mean):`);
        out.push(
          formatTable(
            ["subject", "n", "score %", "± stderr"],
            r.groups.map((g) => [g.name, g.n, pct(g.score), pct(g.stderr)]),
            ["left", "right", "right", "right"],
          ),
        );
      }
    }
  }
  const notes = [...new Set(report.models.flatMap((m) => m.results.flatMap((r) => r.notes)))];
  if (notes.length > 0) out.push("", ...notes.map((n) => `note: ${n}`));
  return `${out.join("\n")}\n`;
}
