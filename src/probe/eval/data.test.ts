import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../errors.ts";
import {
  BUNDLED_BENCHMARKS_DIR,
  loadArc,
  loadGsm8k,
  loadHellaswag,
  loadMmlu,
  loadTruthfulqa,
  loadWinogrande,
  parseGsm8k,
} from "./data.ts";
import { readJsonRecords } from "./records.ts";
import { gsm8kExtract } from "./tasks/index.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "strata-evaldata-"));
const write = (dir: string, name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const jsonl = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;

describe("bundled samples (row counts from shared/data/SOURCES.md)", () => {
  it("ARC 1,172 test + 100 dev", () => {
    const [g] = loadArc();
    expect(g?.docs).toHaveLength(1172);
    expect(g?.pool).toHaveLength(100);
    expect(g?.docs[0]?.choices[g.docs[0].gold]).toBe("Planetary days will become shorter.");
  });
  it("HellaSwag 100", () => {
    const [g] = loadHellaswag();
    expect(g?.docs).toHaveLength(100);
    expect(g?.poolMode).toBe("sample-excluding");
  });
  it("GSM8K 1,319 test + 100 dev; the worked solutions agree with the nutcracker final answers row by row", () => {
    const [g] = loadGsm8k();
    expect(g?.docs).toHaveLength(1319);
    const nut = readJsonRecords(join(BUNDLED_BENCHMARKS_DIR, "gsm8k/test.json"));
    expect(nut).toHaveLength(1319);
    expect(readJsonRecords(join(BUNDLED_BENCHMARKS_DIR, "gsm8k/dev.json"))).toHaveLength(100);
    const mismatched = nut.filter(
      (r, i) =>
        gsm8kExtract(parseGsm8k(r.value, { file: "t", line: r.line }).answer) !==
        gsm8kExtract(g?.docs[i]?.answer ?? ""),
    );
    expect(mismatched).toHaveLength(0);
  });
  it("TruthfulQA 817 (mc1 only)", () => {
    const [g] = loadTruthfulqa();
    expect(g?.docs).toHaveLength(817);
    expect(g?.docs.every((d) => d.mc2 === null && d.mc1.labels.filter((l) => l === 1).length === 1)).toBe(
      true,
    );
  });
  it("WinoGrande 1,267 + 100", () => {
    const [g] = loadWinogrande();
    expect(g?.docs).toHaveLength(1267);
    expect(g?.pool).toHaveLength(100);
  });
  it("MMLU 14,042 test + 285 dev over 57 subjects", () => {
    const groups = loadMmlu();
    expect(groups).toHaveLength(57);
    expect(groups.reduce((a, g) => a + g.docs.length, 0)).toBe(14042);
    expect(groups.reduce((a, g) => a + g.pool.length, 0)).toBe(285);
    expect(groups[0]?.name).toBe("abstract_algebra");
  });
});

describe("original dataset layouts", () => {
  it("ai2_arc: HF layout, nested AI2 layout, numeric answer keys, JSON-array export", () => {
    const dir = tmp();
    const hf = {
      question: "Q1?",
      choices: { text: ["a", "b", "c"], label: ["1", "2", "3"] },
      answerKey: "3",
    };
    const ai2 = {
      question: {
        stem: "Q2?",
        choices: [
          { text: "x", label: "A" },
          { text: "y", label: "B" },
        ],
      },
      answerKey: "B",
    };
    const f = write(dir, "arc.jsonl", jsonl([hf, ai2]));
    const docs = loadArc({ dataFile: f, fewshotFile: f })[0]?.docs;
    expect(docs?.map((d) => [d.question, d.gold])).toEqual([
      ["Q1?", 2],
      ["Q2?", 1],
    ]);
    const arr = write(dir, "arc.json", JSON.stringify([hf]));
    expect(loadArc({ dataFile: arr, fewshotFile: f })[0]?.docs[0]?.line).toBe(1);
  });

  it("hellaswag: activity label, ctx_a, capitalised ctx_b, preprocessed endings", () => {
    const f = write(
      tmp(),
      "hs.jsonl",
      jsonl([
        {
          activity_label: "Baking",
          ctx_a: "A man stands.",
          ctx_b: "he",
          endings: ["mixes [step] well.", "b", "c", "d"],
          label: "0",
        },
      ]),
    );
    const d = loadHellaswag({ dataFile: f, fewshotFile: f })[0]?.docs[0];
    expect(d?.query).toBe("Baking: A man stands. He");
    expect(d?.endings[0]).toBe("mixes well.");
    expect(d?.gold).toBe(0);
  });

  it("hendrycks MMLU CSV (subject from the file name, quoted fields) and a folder of them", () => {
    const dir = tmp();
    write(dir, "high_school_physics_test.csv", 'What is "g"?,9.8,"1,0",3,4,A\n"Two\nlines?",a,b,c,d,D\n');
    write(dir, "anatomy_test.csv", "Bone?,a,b,c,d,C\n");
    const dev = write(tmp(), "dev.csv", "x,a,b,c,d,A\n");
    const groups = loadMmlu({ dataFile: join(dir, "high_school_physics_test.csv"), fewshotFile: dev });
    expect(groups.map((g) => g.name)).toEqual(["high_school_physics"]);
    expect(groups[0]?.docs.map((d) => [d.question, d.choices[1], d.gold, d.line])).toEqual([
      ['What is "g"?', "1,0", 0, 1],
      ["Two\nlines?", "b", 3, 2],
    ]);
    expect(loadMmlu({ dataFile: dir }).map((g) => [g.name, g.docs.length, g.pool.length])).toEqual([
      ["anatomy", 1, 5],
      ["high_school_physics", 2, 5],
    ]);
  });

  it("truthful_qa multiple_choice: {choices, labels} and the original answer->label maps", () => {
    const f = write(
      tmp(),
      "tqa.json",
      JSON.stringify([
        {
          question: "Q?",
          mc1_targets: { choices: ["t", "f"], labels: [1, 0] },
          mc2_targets: { choices: ["t", "t2", "f"], labels: [1, 1, 0] },
        },
        { question: "R?", mc1_targets: { yes: 1, no: 0 }, mc2_targets: { yes: 1, sure: 1, no: 0 } },
      ]),
    );
    const docs = loadTruthfulqa({ dataFile: f })[0]?.docs;
    expect(docs?.[1]?.mc2).toEqual({ choices: ["yes", "sure", "no"], labels: [1, 1, 0] });
    expect(docs?.[0]?.mc2?.labels).toEqual([1, 1, 0]);
  });

  it("winogrande and gsm8k", () => {
    const dir = tmp();
    const w = write(dir, "w.jsonl", jsonl([{ sentence: "A _ b.", option1: "x", option2: "y", answer: "2" }]));
    expect(loadWinogrande({ dataFile: w, fewshotFile: w })[0]?.docs[0]?.gold).toBe(1);
    const g = write(dir, "g.jsonl", jsonl([{ question: "1+1?", answer: "1+1=2\n#### 2" }]));
    expect(loadGsm8k({ dataFile: g, fewshotFile: g })[0]?.docs[0]?.answer).toBe("1+1=2\n#### 2");
  });
});

describe("malformed data is reported with file, line and field", () => {
  const cases: [string, string, (f: string) => unknown, RegExp][] = [
    [
      "arc missing answerKey",
      jsonl([{ question: "Q", choices: { text: ["a"], label: ["A"] } }]),
      (f) => loadArc({ dataFile: f, fewshotFile: f }),
      /:1: missing field "answerKey"/,
    ],
    [
      "hellaswag missing ctx_b",
      `\n${jsonl([{ activity_label: "a", ctx_a: "b", endings: ["x"], label: 0 }])}`,
      (f) => loadHellaswag({ dataFile: f, fewshotFile: f }),
      /:2: missing field "ctx_b"/,
    ],
    [
      "invalid JSON line",
      '{"question": "q", "answer": "#### 1"}\n{oops\n',
      (f) => loadGsm8k({ dataFile: f, fewshotFile: f }),
      /:2: invalid JSON/,
    ],
    [
      "gsm8k answer without ####",
      jsonl([{ question: "q", answer: "2" }]),
      (f) => loadGsm8k({ dataFile: f, fewshotFile: f }),
      /:1: field "answer" has no "#### N"/,
    ],
    [
      "winogrande without blank",
      jsonl([{ sentence: "no blank", option1: "a", option2: "b", answer: "1" }]),
      (f) => loadWinogrande({ dataFile: f, fewshotFile: f }),
      /:1: sentence has no "_" blank/,
    ],
    [
      "truthfulqa label out of range",
      jsonl([{ question: "q", mc1_targets: { choices: ["a"], labels: [2] } }]),
      (f) => loadTruthfulqa({ dataFile: f }),
      /:1: field "mc1_targets.labels"/,
    ],
    [
      "hellaswag label out of range",
      jsonl([{ activity_label: "a", ctx_a: "b", ctx_b: "c", endings: ["x", "y"], label: "7" }]),
      (f) => loadHellaswag({ dataFile: f, fewshotFile: f }),
      /:1: field "label" must be an answer index in 0\.\.1/,
    ],
  ];
  it.each(cases)("%s", (_name, text, load, msg) => {
    const f = write(tmp(), "bad.jsonl", text);
    expect(() => load(f)).toThrow(DataError);
    expect(() => load(f)).toThrow(msg);
    expect(() => load(f)).toThrow(f);
  });
  it("MMLU CSV rows with the wrong field count or answer", () => {
    const dir = tmp();
    const f = write(dir, "law_test.csv", "q,a,b,c,d,A\nq,a,b,c,E\n");
    expect(() => loadMmlu({ dataFile: f })).toThrow(/law_test\.csv:2: expected 6 CSV fields/);
    const g = write(dir, "law2_test.csv", "q,a,b,c,d,Z\n");
    expect(() => loadMmlu({ dataFile: g })).toThrow(/law2_test\.csv:1: answer must be one of A, B, C, D/);
  });
  it("a missing file", () => {
    expect(() => loadArc({ dataFile: "/nonexistent/arc.jsonl" })).toThrow(
      "/nonexistent/arc.jsonl: file not found",
    );
  });
});

describe("MMLU --data in the nutcracker layout", () => {
  it("takes the subject from the folder name", () => {
    const f = join(BUNDLED_BENCHMARKS_DIR, "mmlu/college-physics/test.json");
    const groups = loadMmlu({ dataFile: f });
    expect(groups.map((g) => [g.name, g.pool.length])).toEqual([["college_physics", 5]]);
    expect(groups[0]?.docs.length).toBeGreaterThan(50);
  });
});
