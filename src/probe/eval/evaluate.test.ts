import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, meanStderr } from "./evaluate.ts";
import { encodePair, greedyUntil, loglikelihood, loglikelihoodMany } from "./scoring.ts";
import {
  bigramModel,
  CharTokenizer,
  logProbs,
  PieceTokenizer,
  recordingModel,
  unigramModel,
} from "./testing.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "strata-eval-"));
const jsonl = (dir: string, name: string, rows: object[]): string => {
  const f = join(dir, name);
  writeFileSync(f, `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
  return f;
};

describe("loglikelihood", () => {
  it("sums log-softmax over the continuation tokens only, and reports is_greedy", async () => {
    const tok = new PieceTokenizer(["Q:", " a", " b", " c"]);
    // Unigram p: <unk> 0.1, Q: 0.1, a 0.4, b 0.3, c 0.1 (a is the argmax everywhere).
    const model = unigramModel(logProbs([1, 1, 4, 3, 1]));
    const r = await loglikelihood(model, tok, "Q:", " b c");
    expect(r.tokens).toBe(2);
    expect(r.logprob).toBeCloseTo(Math.log(0.3) + Math.log(0.1), 6);
    expect(r.isGreedy).toBe(false);
    expect((await loglikelihood(model, tok, "Q:", " a")).isGreedy).toBe(true);
  });

  it("loglikelihoodMany shares forwards between prefix inputs and equals one call per continuation", async () => {
    const tok = new PieceTokenizer(["Q:", " a", " b", " c"]);
    const table = [
      logProbs([1, 2, 3, 4, 5]),
      logProbs([5, 1, 1, 2, 1]),
      logProbs([1, 1, 6, 1, 1]),
      logProbs([2, 2, 2, 3, 1]),
      logProbs([1, 3, 1, 1, 4]),
    ];
    const inner = bigramModel(5, (last) => table[last] ?? []);
    let calls = 0;
    const model = {
      vocabSize: 5,
      logits: (ids: Int32Array) => {
        calls++;
        return inner.logits(ids);
      },
    };
    const conts = [" a", " b", " a b c", " c", " a b"];
    const many = await loglikelihoodMany(model, tok, "Q:", conts);
    expect(calls).toBe(1); // every input is a prefix of "Q: a b"
    for (const [i, c] of conts.entries()) {
      const one = await loglikelihood(inner, tok, "Q:", c);
      expect(many[i]?.logprob).toBeCloseTo(one.logprob, 10);
      expect(many[i]?.isGreedy).toBe(one.isGreedy);
    }
  });

  it("joint tokenization moves the context's trailing space onto the continuation", () => {
    const tok = new PieceTokenizer(["Answer:", " yes", " "]);
    const joint = encodePair(tok, "Answer: ", "yes", "joint");
    expect(Array.from(joint.context)).toEqual([1]);
    expect(tok.decode(joint.continuation)).toBe(" yes");
    const sep = encodePair(tok, "Answer: ", "yes", "separate");
    expect(tok.decode(sep.context)).toBe("Answer: ");
    expect(Array.from(sep.continuation)).toEqual([0]); // "yes" alone is not a piece
  });
});

describe("ARC acc_norm divides by the choice's character length, not its token count", () => {
  it("picks the long one-token choice under acc_norm and the short one under acc", async () => {
    const dir = tmp();
    const data = jsonl(dir, "arc.jsonl", [
      { id: "q1", question: "Pick", choices: { text: ["aaaa", "b"], label: ["A", "B"] }, answerKey: "A" },
    ]);
    const tok = new PieceTokenizer(["Question:", " Pick", "\nAnswer:", " aaaa", " b"]);
    // p(" aaaa") = 0.03 (log -3.51, /4 chars = -0.88), p(" b") = 0.3 (log -1.20, /1 char = -1.20).
    const model = unigramModel(logProbs([0.17, 0.25, 0.1, 0.15, 0.03, 0.3]));
    const res = await evaluate(model, tok, {
      task: "arc_challenge",
      shots: 0,
      dataFile: data,
      fewshotFile: data,
    });
    const item = res.items[0];
    expect(item?.logprobs?.[0]).toBeCloseTo(Math.log(0.03), 5);
    expect(item?.logprobs?.[1]).toBeCloseTo(Math.log(0.3), 5);
    expect(res.metric).toBe("acc_norm");
    expect(res.metrics).toEqual({ acc: 0, acc_norm: 1 });
    expect(res.score).toBe(1);
  });
});

describe("TruthfulQA mc2 through evaluate", () => {
  it("uses mc2_targets and normalises over true and false answers", async () => {
    const dir = tmp();
    const data = jsonl(dir, "tqa.jsonl", [
      {
        question: "Q?",
        mc1_targets: { choices: ["yes", "no"], labels: [1, 0] },
        mc2_targets: { choices: ["yes", "sure", "no"], labels: [1, 1, 0] },
      },
    ]);
    const tok = new PieceTokenizer([" yes", " sure", " no"]);
    const model = unigramModel(logProbs([0.4, 0.2, 0.1, 0.3])); // <unk>, yes, sure, no
    const mc2 = await evaluate(model, tok, { task: "truthfulqa_mc2", dataFile: data });
    expect(mc2.score).toBeCloseTo((0.2 + 0.1) / (0.2 + 0.1 + 0.3), 5);
    const mc1 = await evaluate(model, tok, { task: "truthfulqa_mc1", dataFile: data });
    expect(mc1.score).toBe(0); // " no" (0.3) beats " yes" (0.2)
  });

  it("explains that the bundled sample has no mc2 targets", async () => {
    const tok = new PieceTokenizer([]);
    await expect(evaluate(unigramModel([0]), tok, { task: "truthfulqa_mc2", limit: 1 })).rejects.toThrow(
      /no mc2_targets.*mc1 only/,
    );
  });
});

describe("WinoGrande scores the shared suffix after the filled-in blank", () => {
  it("compares log p(suffix | context with option) under a bigram model", async () => {
    const dir = tmp();
    const data = jsonl(dir, "wino.jsonl", [
      { sentence: "The cat beat the dog as _ was fast.", option1: "cat", option2: "dog", answer: "2" },
    ]);
    const pieces = ["The", " cat", " beat", " the", " dog", " as", " was", " fast."];
    const tok = new PieceTokenizer(pieces);
    const V = pieces.length + 1;
    const id = (p: string) => tok.ids.get(p) ?? 0;
    // p(" was" | " dog") = 0.6, p(" was" | " cat") = 0.2; p(" fast." | " was") = 0.5; the rest uniform.
    const model = bigramModel(V, (last) => {
      const w = new Array<number>(V).fill(1);
      if (last === id(" dog")) w[id(" was")] = (0.6 * (V - 1)) / 0.4;
      if (last === id(" cat")) w[id(" was")] = (0.2 * (V - 1)) / 0.8;
      if (last === id(" was")) w[id(" fast.")] = V - 1;
      return logProbs(w);
    });
    const res = await evaluate(model, tok, {
      task: "winogrande",
      shots: 0,
      dataFile: data,
      fewshotFile: data,
    });
    const [llCat, llDog] = res.items[0]?.logprobs ?? [];
    expect(llCat).toBeCloseTo(Math.log(0.2) + Math.log(0.5), 5);
    expect(llDog).toBeCloseTo(Math.log(0.6) + Math.log(0.5), 5);
    expect(res.items[0]?.pred).toBe(1);
    expect(res.score).toBe(1);
  });
});

describe("GSM8K greedy generation", () => {
  it("stops at a stop string, extracts '#### N' and matches exactly", async () => {
    const dir = tmp();
    const data = jsonl(dir, "gsm.jsonl", [
      { question: "What is 1,000 + 234?", answer: "1000+234=1234\n#### 1,234" },
    ]);
    const script = [" 1000+234=1234", "\n####", " 1,234", "\n\nQuestion:", " never"];
    const tok = new PieceTokenizer([
      "Question:",
      " What",
      " is",
      " 1,000",
      " +",
      " 234?",
      "\nAnswer:",
      ...script,
    ]);
    const V = tok.pieces.length;
    const answerId = tok.ids.get("\nAnswer:") ?? -1;
    // Emits the script piece by piece after the last "\nAnswer:".
    const model = {
      vocabSize: V,
      logits(ids: Int32Array): Float32Array {
        const out = new Float32Array(ids.length * V).fill(-10);
        const start = ids.lastIndexOf(answerId);
        for (let t = 0; t < ids.length; t++) {
          const k = t - start;
          if (k >= 0 && k < script.length) out[t * V + (tok.ids.get(script[k] as string) ?? 0)] = 10;
        }
        return out;
      },
    };
    const gen = await greedyUntil(model, tok, "Question: What is 1,000 + 234?\nAnswer:", {
      until: [":", "Question:", "Question"],
    });
    expect(gen.stoppedBy).toBe("stop-string");
    expect(gen.text).toBe(" 1000+234=1234\n#### 1,234\n\n");
    const res = await evaluate(model, tok, { task: "gsm8k", shots: 0, dataFile: data });
    expect(res.items[0]).toMatchObject({ gold: "1234", pred: "1234", value: 1 });
    expect(res.metric).toBe("exact_match");
  });

  it("stops at max tokens and at the eos token", async () => {
    const tok = new PieceTokenizer([" x", "</s>"], "</s>");
    const always = (p: string) => unigramModel(tok.pieces.map((q) => (q === p ? 0 : -20)));
    const a = await greedyUntil(always(" x"), tok, " x", { until: ["Question:"], maxTokens: 3 });
    expect(a).toEqual({ text: " x x x", tokens: 3, stoppedBy: "max-tokens" });
    const b = await greedyUntil(always("</s>"), tok, " x", { until: ["Question:"] });
    expect(b).toEqual({ text: "", tokens: 0, stoppedBy: "eos" });
  });
});

describe("prompts sent to the model", () => {
  it("MMLU: description, the first five dev items as shots, then the test item (bundled abstract algebra)", async () => {
    const tok = new CharTokenizer(512);
    const model = recordingModel(512);
    const res = await evaluate(model, tok, { task: "mmlu", subjects: ["abstract_algebra"], limit: 1 });
    expect(res.n).toBe(1);
    // " A".." D" are one token each after the same context: one forward pass scores all four.
    expect(model.inputs).toHaveLength(1);
    // Input = context + " A" minus its last token: the context followed by the space.
    const ctx = tok.decode(model.inputs[0] ?? []).slice(0, -1);
    expect(
      ctx.startsWith(
        "The following are multiple choice questions (with answers) about abstract algebra.\n\n" +
          "Find all c in Z_3 such that Z_3[x]/(x^2 + c) is a field.\nA. 0\nB. 1\nC. 2\nD. 3\nAnswer: B\n\n" +
          "Statement 1 | If aH is an element of a factor group, then |aH| divides |a|.",
      ),
    ).toBe(true);
    expect(ctx.split("\nAnswer:")).toHaveLength(7); // 5 shots + the item + the text after the last one
    expect(ctx.endsWith("\nAnswer:")).toBe(true);
  });

  it("ARC: 'Question: ..\\nAnswer: choice' shots joined by a blank line", async () => {
    const dir = tmp();
    const rows = [1, 2, 3].map((i) => ({
      question: `q${i}?`,
      choices: { text: [`x${i}`, `y${i}`], label: ["A", "B"] },
      answerKey: "B",
    }));
    const data = jsonl(dir, "arc.jsonl", rows);
    const tok = new CharTokenizer(128);
    const model = recordingModel(128);
    await evaluate(model, tok, {
      task: "arc_challenge",
      shots: 2,
      limit: 1,
      dataFile: data,
      fewshotFile: data,
    });
    const ctx = tok.decode(model.inputs[0] ?? []);
    expect(ctx).toMatch(
      /^Question: q\d\?\nAnswer: y\d\n\nQuestion: q\d\?\nAnswer: y\d\n\nQuestion: q\d\?\nAnswer: x$/,
    );
  });
});

describe("meanStderr", () => {
  it("uses the sample standard deviation", () => {
    const r = meanStderr([1, 0, 1, 1]);
    expect(r.mean).toBe(0.75);
    expect(r.stderr).toBeCloseTo(Math.sqrt(0.25 / 4), 12);
  });
});

describe("evaluateModels", () => {
  it("runs several tasks, skips --shots for TruthfulQA in a list, and reports deltas between two models", async () => {
    const dir = tmp();
    const w = jsonl(dir, "w.jsonl", [
      { sentence: "A _ b.", option1: " x", option2: " y", answer: "1" },
      { sentence: "C _ d.", option1: " x", option2: " y", answer: "2" },
    ]);
    const tok = new PieceTokenizer(["A", "C", " x", " y", " b.", " d."]);
    const uniform = unigramModel(new Array(7).fill(0));
    const { evaluateModels } = await import("./run.ts");
    const rep = await evaluateModels(
      [
        { label: "a", model: uniform, tokenizer: tok },
        { label: "b", model: uniform, tokenizer: tok },
      ],
      ["winogrande"],
      { shots: 1, dataFile: w, fewshotFile: w },
    );
    expect(rep.deltas).toEqual([
      { task: "winogrande", metric: "acc", n: 2, before: 0.5, after: 0.5, delta: 0 },
    ]);
    await expect(
      evaluateModels([{ label: "a", model: uniform, tokenizer: tok }], ["truthfulqa_mc1"], { shots: 5 }),
    ).rejects.toThrow(/0-shot/);
    const two = await evaluateModels(
      [{ label: "a", model: uniform, tokenizer: tok }],
      ["winogrande", "truthfulqa_mc1"],
      {
        shots: 1,
        limit: 1,
        fewshotFile: w,
      },
    );
    expect(two.models[0]?.results.map((r) => [r.task, r.shots])).toEqual([
      ["winogrande", 1],
      ["truthfulqa_mc1", 0],
    ]);
    expect(two.models[0]?.results[1]?.notes[0]).toMatch(/--shots not applied/);
  });
});
