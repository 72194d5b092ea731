import { describe, expect, it } from "vitest";
import { answerScores } from "./llm-regressor.ts";
import { formatAnswer, formatPrompt, monthLabel, parseAnswer } from "./text-format.ts";

const LLAMA2_7B = [
  { name: "layers", value: 32 },
  { name: "d_model", value: 4096 },
  { name: "d_ffn", value: 11008 },
  { name: "heads", value: 32 },
  { name: "kv_heads", value: 32 },
  { name: "vocab_size", value: 32000 },
  { name: "pos", value: 4096 },
  { name: "params_b", value: 6.738 },
  { name: "moe", value: 0 },
  { name: "date", value: 6.5 },
];
const SCORES = { arc: 53.1, hellaswag: 78.6, mmlu: 46.9, truthfulqa: 38.8, winogrande: 74, gsm8k: 14.5 };

describe("the study's text format", () => {
  it("writes the structure and the six scores as the issue shows them", () => {
    expect(formatPrompt(LLAMA2_7B)).toBe(
      "layers: 32, d_model: 4096, d_ffn: 11008, heads: 32, kv_heads: 32, vocab_size: 32000, pos: 4096, params_b: 6.74, moe: no, date: 2023-07 ->",
    );
    expect(formatAnswer(SCORES)).toBe(
      " ARC: 53.1, HellaSwag: 78.6, MMLU: 46.9, TruthfulQA: 38.8, WinoGrande: 74.0, GSM8K: 14.5",
    );
    expect(monthLabel(-1)).toBe("2022-12");
    expect(monthLabel(17.99)).toBe("2024-06");
  });

  it("parses its own answers back exactly", () => {
    expect(parseAnswer(formatAnswer(SCORES))).toEqual({ scores: SCORES, missing: [] });
  });

  it("reads what it can of a garbled answer and names the rest", () => {
    const r = parseAnswer(
      " ARC: 5.x1, HellaSwag: 78.6, MMLU 46.9, TruthfulQA: -3, WinoGrande: 74.0.5, GSM8K: 66.8B: 58.1",
    );
    expect(r.scores).toEqual({
      arc: null,
      hellaswag: 78.6,
      mmlu: null,
      truthfulqa: -3,
      winogrande: null,
      gsm8k: 66.8,
    });
    expect(r.missing).toEqual(["arc", "mmlu", "winogrande"]);
  });

  it("an unparsable answer counts as the training mean, and says so", () => {
    const means = { arc: 50, hellaswag: 70, mmlu: 45, truthfulqa: 40, winogrande: 70, gsm8k: 20 };
    const none = answerScores("Once upon a time there was a big dog.", means);
    expect(none.scores).toEqual(means);
    expect(none.unparsed).toEqual(["arc", "hellaswag", "mmlu", "truthfulqa", "winogrande", "gsm8k"]);
    const some = answerScores(" ARC: 61.0, HellaSwag: 8", means);
    expect(some.scores).toEqual({ ...means, arc: 61, hellaswag: 8 });
    expect(some.unparsed).toEqual(["mmlu", "truthfulqa", "winogrande", "gsm8k"]);
  });
});
