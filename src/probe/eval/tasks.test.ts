import { describe, expect, it } from "vitest";
import { cutAtStops, hellaswagPreprocess, hellaswagQuery, pyCapitalize } from "./docs.ts";
import {
  arcText,
  GSM8K_INVALID,
  GSM8K_UNTIL,
  gsm8kExtract,
  mmluDescription,
  mmluText,
  TRUTHFULQA_PRIMER,
  truthfulqaMc2,
  truthfulqaText,
  winograndeAppendContext,
  winograndePartialContext,
  winograndePartialTarget,
} from "./tasks/index.ts";

const src = { file: "x", line: 1 };

describe("prompt text, byte for byte", () => {
  it("ARC", () => {
    expect(
      arcText({
        ...src,
        question: "Which gas do plants take in?",
        choices: ["oxygen", "carbon dioxide"],
        gold: 1,
      }),
    ).toBe("Question: Which gas do plants take in?\nAnswer:");
  });

  it("HellaSwag: [title] -> '. ', other brackets dropped, double spaces collapsed, ctx_b capitalised", () => {
    expect(hellaswagPreprocess("  Making a cake [title] Mix the flour. [step] Add  eggs.  ")).toBe(
      "Making a cake. Mix the flour. Add eggs.",
    );
    // Python's str.capitalize lower-cases the rest: "tHE MAN" -> "The man".
    expect(pyCapitalize("tHE MAN")).toBe("The man");
    expect(hellaswagQuery("Baking cookies", "A woman is in a kitchen.", "she [header] mixes dough")).toBe(
      "Baking cookies: A woman is in a kitchen. She mixes dough",
    );
  });

  it("MMLU item and description", () => {
    const doc = {
      ...src,
      subject: "abstract_algebra",
      question: " Find the order of the factor group Z_6/<3>. ",
      choices: ["2", "3", "6", "12"],
      gold: 1,
    };
    expect(mmluDescription("abstract_algebra")).toBe(
      "The following are multiple choice questions (with answers) about abstract algebra.\n\n",
    );
    expect(mmluText(doc)).toBe(
      "Find the order of the factor group Z_6/<3>.\nA. 2\nB. 3\nC. 6\nD. 12\nAnswer:",
    );
  });

  it("TruthfulQA: six-QA primer, then Q/A", () => {
    const t = truthfulqaText({
      ...src,
      question: "Is the sky green?",
      mc1: { choices: [], labels: [] },
      mc2: null,
    });
    expect(
      t.startsWith("Q: What is human life expectancy in the United States?\nA: Human life expectancy"),
    ).toBe(true);
    expect(
      t.endsWith("A: The 1992 Olympics were held in Barcelona, Spain.\n\nQ: Is the sky green?\nA:"),
    ).toBe(true);
    expect(TRUTHFULQA_PRIMER.split("\n\n")).toHaveLength(6);
  });

  it("WinoGrande partial context, shared suffix, and the context swap", () => {
    const doc = {
      ...src,
      sentence: "Sarah was a better surgeon than Maria so _ got the harder cases.",
      option1: "Sarah",
      option2: "Maria",
      gold: 0,
    };
    expect(winograndePartialContext(doc, "Maria")).toBe("Sarah was a better surgeon than Maria so Maria");
    expect(winograndePartialTarget(doc)).toBe(" got the harder cases.");
    expect(winograndeAppendContext("shot one\n\nshot two\n\nSarah ... so Sarah", "Sarah ... so Maria")).toBe(
      "shot one\n\nshot two\n\nSarah ... so Maria",
    );
    expect(winograndeAppendContext("only the doc", "replaced")).toBe("replaced");
  });
});

describe("TruthfulQA mc2", () => {
  it("normalises the true answers' probability over true + false", () => {
    // p = 0.5, 0.1 (true) and 0.2, 0.2 (false): mc2 = 0.6 / 1.0.
    const lls = [Math.log(0.5), Math.log(0.1), Math.log(0.2), Math.log(0.2)];
    expect(truthfulqaMc2(lls, [1, 1, 0, 0])).toBeCloseTo(0.6, 12);
    // Not normalised over the true answers alone (that would be 1).
    expect(truthfulqaMc2([Math.log(0.3), Math.log(0.1)], [1, 0])).toBeCloseTo(0.75, 12);
  });
  it("survives log-likelihoods far below exp's range", () => {
    expect(truthfulqaMc2([-2000, -2000 + Math.log(3)], [1, 0])).toBeCloseTo(0.25, 12);
  });
});

describe("GSM8K", () => {
  it("extracts the first '#### N', strips commas, else [invalid]", () => {
    expect(gsm8kExtract("She makes 9 * 2 = $18.\n#### 18")).toBe("18");
    expect(gsm8kExtract("so #### 1,234 dollars")).toBe("1234");
    expect(gsm8kExtract("#### -3.5")).toBe("-3.5");
    expect(gsm8kExtract("The answer is 18.")).toBe(GSM8K_INVALID);
  });
  it("stops at the b281b09 stop strings (':' included)", () => {
    expect(GSM8K_UNTIL).toEqual([":", "Question:", "Question"]);
    expect(cutAtStops(" 2 + 2 = 4\n#### 4\n\nQuestion: next", GSM8K_UNTIL)).toBe(" 2 + 2 = 4\n#### 4\n\n");
    expect(cutAtStops(" at 3:00 pm #### 7", GSM8K_UNTIL)).toBe(" at 3");
    expect(cutAtStops(" #### 7\nQuestion", GSM8K_UNTIL)).toBe(" #### 7\n");
  });
});
