import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { EvalReport } from "../../probe/eval/index.ts";
import { byteTokenizerFiles } from "../../probe/eval/testing.ts";
import { writeRandomCheckpoint } from "../../probe/model/random-checkpoint.ts";
import { loadTokenizer } from "../../probe/tokenizer.ts";
import { runCli } from "../test-io.ts";
import { formatReport } from "./eval.ts";

// Two tiny random llama checkpoints with a byte-level tokenizer (vocab 257 = 256 bytes + </s>).
let modelA: string;
let modelB: string;
beforeAll(() => {
  const root = mkdtempSync(join(tmpdir(), "strata-eval-cli-"));
  const files = byteTokenizerFiles();
  const make = (name: string, seed: number) => {
    const dir = join(root, name);
    writeRandomCheckpoint(dir, {
      family: "llama",
      layers: 2,
      dModel: 32,
      dFfn: 48,
      heads: 4,
      kvHeads: 2,
      vocabSize: 257,
      seed,
    });
    writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(files.tokenizer));
    writeFileSync(join(dir, "tokenizer_config.json"), JSON.stringify(files.config));
    return dir;
  };
  modelA = make("a", 21);
  modelB = make("b", 22);
});

describe("strata probe eval on tiny random checkpoints", () => {
  it("the byte-level test tokenizer really maps text to its UTF-8 bytes", async () => {
    const tok = await loadTokenizer(modelA);
    expect(Array.from(tok.encode("Hi é"))).toEqual([72, 105, 32, 0xc3, 0xa9]);
    expect(tok.decode(tok.encode("Question: x?\nAnswer:"))).toBe("Question: x?\nAnswer:");
    expect(tok.eosId).toBe(256);
  });

  it("scores ARC on the bundled sample and prints a table", async () => {
    const r = await runCli([
      "probe",
      "eval",
      modelA,
      "--task",
      "arc_challenge",
      "--shots",
      "1",
      "--limit",
      "2",
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/arc_challenge\s+acc_norm\s+1\s+2\s+\d+\.\d\d/);
  });

  it("--json gives per-item log-likelihoods and per-subject MMLU scores", async () => {
    const r = await runCli([
      "probe",
      "eval",
      modelA,
      "--task",
      "winogrande,mmlu",
      "--shots",
      "1",
      "--limit",
      "1",
      "--subjects",
      "anatomy,virology",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout) as EvalReport;
    const [wino, mmlu] = rep.models[0]?.results ?? [];
    expect(wino?.n).toBe(1);
    expect(wino?.items.every((i) => i.logprobs?.length === 2 && i.logprobs.every((x) => x < 0))).toBe(true);
    expect(mmlu?.groups.map((g) => g.name)).toEqual(["anatomy", "virology"]);
    expect(mmlu?.n).toBe(2);
    expect(mmlu?.score).toBeCloseTo(((mmlu?.groups[0]?.score ?? 0) + (mmlu?.groups[1]?.score ?? 0)) / 2, 12);
  });

  it("--compare prints before, after and delta on the same items", async () => {
    const r = await runCli([
      "probe",
      "eval",
      modelA,
      "--compare",
      modelB,
      "--task",
      "truthfulqa",
      "--limit",
      "1",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`before: ${modelA}`);
    expect(r.stdout).toMatch(/truthfulqa_mc1\s+mc1\s+1\s+\d+\.\d\d\s+\d+\.\d\d\s+[+-]\d+\.\d\d/);
  });

  it("GSM8K generates greedily and extracts an answer", async () => {
    const r = await runCli([
      "probe",
      "eval",
      modelA,
      "--task",
      "gsm8k",
      "--shots",
      "1",
      "--limit",
      "1",
      "--max-gen-tokens",
      "4",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const item = (JSON.parse(r.stdout) as EvalReport).models[0]?.results[0]?.items[0];
    expect(typeof item?.generation).toBe("string");
    expect(item?.pred).toBe("[invalid]"); // 4 random bytes cannot spell "#### N"
  });

  it("bad usage and bad data exit with clear messages", async () => {
    const bad = await runCli(["probe", "eval", modelA, "--task", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown task 'nope'/);
    const dir = mkdtempSync(join(tmpdir(), "strata-eval-bad-"));
    const f = join(dir, "wino.jsonl");
    writeFileSync(
      f,
      '{"sentence": "A _ b.", "option1": "x", "option2": "y", "answer": "1"}\n{"sentence": "A _ b.", "option1": "x"}\n',
    );
    const r = await runCli(["probe", "eval", modelA, "--task", "winogrande", "--data", f, "--shots", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f}:2: missing field "answer"`);
  });
});

describe("formatReport", () => {
  const result = (
    task: "mmlu" | "winogrande",
    score: number,
    groups: { name: string; score: number; stderr: number; n: number }[] = [],
  ) => ({
    task,
    metric: "acc" as const,
    score,
    stderr: 0.1,
    n: 10,
    shots: 5,
    seed: 42,
    tokenization: "joint" as const,
    bos: false,
    bosId: null,
    metrics: { acc: score },
    groups,
    items: [],
    notes: [],
  });
  it("lists MMLU subjects under the task table, in percent", () => {
    const text = formatReport({
      models: [
        {
          label: "m",
          average: 0.45,
          results: [
            result("mmlu", 0.4, [
              { name: "anatomy", score: 0.3, stderr: 0.1, n: 5 },
              { name: "virology", score: 0.5, stderr: 0.1, n: 5 },
            ]),
            result("winogrande", 0.5),
          ],
        },
      ],
      deltas: null,
    });
    expect(text).toMatch(/mmlu\s+acc\s+5\s+10\s+40\.00\s+10\.00/);
    expect(text).toMatch(/average\s+-\s+-\s+45\.00/);
    expect(text).toMatch(
      /mmlu by subject[^\n]*\n.*\n.*\nanatomy\s+5\s+30\.00\s+10\.00\nvirology\s+5\s+50\.00/,
    );
  });
});
