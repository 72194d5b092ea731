import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DataError } from "../../errors.ts";
import {
  ANSWER_KEYS,
  type ArcDoc,
  type Gsm8kDoc,
  type HellaswagDoc,
  hellaswagPreprocess,
  hellaswagQuery,
  type McTargets,
  type MmluDoc,
  type TruthfulqaDoc,
  type WinograndeDoc,
} from "./docs.ts";
import { readCsvRows, readJsonRecords, type SourceRecord } from "./records.ts";

/** The benchmark samples shipped in the package (see data/benchmarks/NOTICE.md). */
export const BUNDLED_BENCHMARKS_DIR = fileURLToPath(new URL("../../../data/benchmarks/", import.meta.url));

/**
 * How few-shot examples are drawn from `pool`, following lm-evaluation-harness b281b09:
 * - "sample": rnd.sample(pool, k) (the task has a training split; the pool is it or a stand-in for it),
 * - "sample-excluding": rnd.sample(pool, k + 1), drop the current doc, keep k (pool is the evaluated split),
 * - "first": the first k of the pool in file order (MMLU dev).
 */
export type PoolMode = "sample" | "sample-excluding" | "first";

/** Documents evaluated together with one random stream (MMLU: one group per subject). */
export interface TaskGroup<D> {
  name: string;
  docs: D[];
  pool: D[];
  poolMode: PoolMode;
}

export interface LoadOptions {
  /** Evaluate this file (original dataset layout or nutcracker layout) instead of the bundled sample. */
  dataFile?: string;
  /** Draw few-shot examples from this file (e.g. the train split) instead of the bundled pool. */
  fewshotFile?: string;
  /** Folder with the bundled samples; defaults to the package's data/benchmarks. */
  benchmarksDir?: string;
}

type Rec = Record<string, unknown>;
type Src = { file: string; line: number };

const fail = (s: Src, msg: string): DataError => new DataError(`${s.file}:${s.line}: ${msg}`, s.file, s.line);

function field(rec: Rec, name: string, s: Src, layout: string): unknown {
  if (!(name in rec) || rec[name] === null || rec[name] === undefined) {
    throw fail(s, `missing field "${name}" (${layout})`);
  }
  return rec[name];
}
function str(rec: Rec, name: string, s: Src, layout: string): string {
  const v = field(rec, name, s, layout);
  if (typeof v !== "string") throw fail(s, `field "${name}" must be a string (${layout})`);
  return v;
}
function strArray(v: unknown, name: string, s: Src, layout: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    throw fail(s, `field "${name}" must be an array of strings (${layout})`);
  }
  return v as string[];
}
function intIn(v: unknown, n: number, name: string, s: Src): number {
  const i = typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= n) {
    throw fail(s, `field "${name}" must be an answer index in 0..${n - 1}, got ${JSON.stringify(v)}`);
  }
  return i;
}

const NUTCRACKER = "nutcracker layout {centerpiece, options, correct_options_idx}";
function nutcracker(rec: Rec, s: Src): { text: string; options: string[]; gold: number } {
  const text = str(rec, "centerpiece", s, NUTCRACKER);
  const options = strArray(field(rec, "options", s, NUTCRACKER), "options", s, NUTCRACKER);
  const idx = field(rec, "correct_options_idx", s, NUTCRACKER);
  if (!Array.isArray(idx) || idx.length === 0)
    throw fail(s, `field "correct_options_idx" must be a non-empty array`);
  return { text, options, gold: intIn(idx[0], options.length, "correct_options_idx", s) };
}
const isNutcracker = (rec: Rec): boolean => "centerpiece" in rec;

function records(file: string): { rec: Rec; s: Src }[] {
  return readJsonRecords(file).map((r: SourceRecord<Rec>) => ({ rec: r.value, s: { file, line: r.line } }));
}
function nonEmpty<T>(docs: T[], file: string): T[] {
  if (docs.length === 0) throw new DataError(`${file}: no records`, file);
  return docs;
}

// ---------------------------------------------------------------- ARC
const ARC = "ai2_arc layout {question, choices: {text, label}, answerKey}";
export function parseArc(rec: Rec, s: Src): ArcDoc {
  if (isNutcracker(rec)) {
    const n = nutcracker(rec, s);
    return { ...s, question: n.text, choices: n.options, gold: n.gold };
  }
  const q = field(rec, "question", s, ARC);
  let question: string;
  let choicesRaw: unknown;
  if (typeof q === "object" && q !== null && "stem" in q) {
    // The original AI2 jsonl nests the stem and choices under "question".
    const qq = q as Rec;
    question = str(qq, "stem", s, ARC);
    choicesRaw = field(qq, "choices", s, ARC);
  } else {
    question = str(rec, "question", s, ARC);
    choicesRaw = field(rec, "choices", s, ARC);
  }
  let texts: string[];
  if (Array.isArray(choicesRaw)) {
    texts = choicesRaw.map((c) => str(c as Rec, "text", s, ARC));
  } else {
    texts = strArray(field(choicesRaw as Rec, "text", s, ARC), "choices.text", s, ARC);
  }
  const key = str(rec, "answerKey", s, ARC).trim();
  // The harness maps numeric keys "1".."5" to letters and takes the letter's position.
  const letter = ({ "1": "A", "2": "B", "3": "C", "4": "D", "5": "E" } as Record<string, string>)[key] ?? key;
  const gold = (ANSWER_KEYS as readonly string[]).indexOf(letter);
  if (gold < 0 || gold >= texts.length)
    throw fail(s, `answerKey ${JSON.stringify(key)} does not name a choice`);
  return { ...s, question, choices: texts, gold };
}

// ---------------------------------------------------------------- HellaSwag
const HELLASWAG = "hellaswag layout {activity_label, ctx_a, ctx_b, endings, label}";
export function parseHellaswag(rec: Rec, s: Src): HellaswagDoc {
  if (isNutcracker(rec)) {
    // The nutcracker sample keeps only ctx (= ctx_a + " " + ctx_b) without the activity label, so the
    // "{activity_label}: " prefix and the capitalised ctx_b of the harness cannot be rebuilt.
    const n = nutcracker(rec, s);
    return {
      ...s,
      query: hellaswagPreprocess(n.text),
      endings: n.options.map(hellaswagPreprocess),
      gold: n.gold,
    };
  }
  const endings = strArray(field(rec, "endings", s, HELLASWAG), "endings", s, HELLASWAG);
  return {
    ...s,
    query: hellaswagQuery(
      str(rec, "activity_label", s, HELLASWAG),
      str(rec, "ctx_a", s, HELLASWAG),
      str(rec, "ctx_b", s, HELLASWAG),
    ),
    endings: endings.map(hellaswagPreprocess),
    gold: intIn(field(rec, "label", s, HELLASWAG), endings.length, "label", s),
  };
}

// ---------------------------------------------------------------- MMLU
const MMLU_JSON = "mmlu layout {question, subject, choices, answer}";
export function parseMmluJson(rec: Rec, s: Src, subject: string | null): MmluDoc {
  if (isNutcracker(rec)) {
    if (subject === null)
      throw fail(s, "nutcracker MMLU rows carry no subject: name the file <subject>/test.json");
    const n = nutcracker(rec, s);
    return { ...s, subject, question: n.text, choices: n.options, gold: n.gold };
  }
  const choices = strArray(field(rec, "choices", s, MMLU_JSON), "choices", s, MMLU_JSON);
  const ans = field(rec, "answer", s, MMLU_JSON);
  const gold =
    typeof ans === "string" && (ANSWER_KEYS as readonly string[]).includes(ans.trim())
      ? (ANSWER_KEYS as readonly string[]).indexOf(ans.trim())
      : intIn(ans, choices.length, "answer", s);
  const subj = typeof rec.subject === "string" && rec.subject !== "" ? rec.subject : subject;
  if (subj === null) throw fail(s, `missing field "subject" (${MMLU_JSON})`);
  return {
    ...s,
    subject: normalizeSubject(subj),
    question: str(rec, "question", s, MMLU_JSON),
    choices,
    gold,
  };
}

/** Subjects are named with underscores, as the harness's hendrycksTest-<subject> tasks. */
export function normalizeSubject(name: string): string {
  return name.trim().toLowerCase().replaceAll("-", "_").replaceAll(" ", "_");
}

/** Hendrycks' CSV files: no header, rows "question,A,B,C,D,answer letter"; subject from the file name. */
export function readMmluCsv(file: string): MmluDoc[] {
  const subject = normalizeSubject(
    basename(file)
      .replace(/\.csv$/i, "")
      .replace(/_(test|dev|val)$/i, ""),
  );
  return readCsvRows(file).map((r) => {
    const s = { file, line: r.line };
    if (r.value.length !== 6)
      throw fail(s, `expected 6 CSV fields (question, A, B, C, D, answer), got ${r.value.length}`);
    const [question, a, b, c, d, answer] = r.value as [string, string, string, string, string, string];
    const gold = (ANSWER_KEYS as readonly string[]).indexOf(answer.trim());
    if (gold < 0 || gold > 3)
      throw fail(s, `answer must be one of A, B, C, D, got ${JSON.stringify(answer)}`);
    return { ...s, subject, question, choices: [a, b, c, d], gold };
  });
}

function readMmluFile(file: string, subject: string | null): MmluDoc[] {
  if (/\.csv$/i.test(file)) return nonEmpty(readMmluCsv(file), file);
  return nonEmpty(
    records(file).map(({ rec, s }) => parseMmluJson(rec, s, subject)),
    file,
  );
}

function groupBySubject(docs: MmluDoc[]): Map<string, MmluDoc[]> {
  const m = new Map<string, MmluDoc[]>();
  for (const d of docs) {
    const list = m.get(d.subject) ?? [];
    list.push(d);
    m.set(d.subject, list);
  }
  return m;
}

function bundledMmluDirs(dir: string): { subject: string; dir: string }[] {
  const root = join(dir, "mmlu");
  if (!existsSync(root)) throw new DataError(`${root}: bundled MMLU sample not found`, root);
  return readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory())
    .sort()
    .map((d) => ({ subject: normalizeSubject(d), dir: join(root, d) }));
}

// ---------------------------------------------------------------- TruthfulQA
const TRUTHFULQA = "truthful_qa multiple_choice layout {question, mc1_targets, mc2_targets}";
function targets(v: unknown, name: string, s: Src): McTargets {
  if (v === null || typeof v !== "object") throw fail(s, `field "${name}" must be an object (${TRUTHFULQA})`);
  const o = v as Rec;
  if ("choices" in o && "labels" in o) {
    const choices = strArray(o.choices, `${name}.choices`, s, TRUTHFULQA);
    const labels = o.labels;
    if (
      !Array.isArray(labels) ||
      labels.length !== choices.length ||
      labels.some((l) => l !== 0 && l !== 1)
    ) {
      throw fail(s, `field "${name}.labels" must be 0/1 values, one per choice`);
    }
    return { choices, labels: labels as number[] };
  }
  // The original TruthfulQA mc_task.json maps each answer to its 0/1 label.
  const entries = Object.entries(o);
  if (entries.length === 0 || entries.some(([, l]) => l !== 0 && l !== 1)) {
    throw fail(s, `field "${name}" must be {choices, labels} or {answer: 0|1, ...}`);
  }
  return { choices: entries.map(([k]) => k), labels: entries.map(([, l]) => l as number) };
}
export function parseTruthfulqa(rec: Rec, s: Src): TruthfulqaDoc {
  if (isNutcracker(rec)) {
    const n = nutcracker(rec, s);
    return {
      ...s,
      question: n.text,
      mc1: { choices: n.options, labels: n.options.map((_, i) => (i === n.gold ? 1 : 0)) },
      mc2: null,
    };
  }
  const mc1 = targets(field(rec, "mc1_targets", s, TRUTHFULQA), "mc1_targets", s);
  const mc2 = "mc2_targets" in rec ? targets(rec.mc2_targets, "mc2_targets", s) : null;
  if (!mc1.labels.includes(1)) throw fail(s, `mc1_targets has no true answer`);
  return { ...s, question: str(rec, "question", s, TRUTHFULQA), mc1, mc2 };
}

// ---------------------------------------------------------------- WinoGrande
const WINOGRANDE = "winogrande layout {sentence, option1, option2, answer}";
export function parseWinogrande(rec: Rec, s: Src): WinograndeDoc {
  let doc: WinograndeDoc;
  if (isNutcracker(rec)) {
    const n = nutcracker(rec, s);
    if (n.options.length !== 2) throw fail(s, `WinoGrande needs exactly 2 options, got ${n.options.length}`);
    doc = { ...s, sentence: n.text, option1: n.options[0] ?? "", option2: n.options[1] ?? "", gold: n.gold };
  } else {
    const ans = field(rec, "answer", s, WINOGRANDE);
    if (ans !== "1" && ans !== "2" && ans !== 1 && ans !== 2) {
      throw fail(s, `field "answer" must be "1" or "2", got ${JSON.stringify(ans)}`);
    }
    doc = {
      ...s,
      sentence: str(rec, "sentence", s, WINOGRANDE),
      option1: str(rec, "option1", s, WINOGRANDE),
      option2: str(rec, "option2", s, WINOGRANDE),
      gold: Number(ans) - 1,
    };
  }
  if (!doc.sentence.includes("_")) throw fail(s, `sentence has no "_" blank`);
  return doc;
}

// ---------------------------------------------------------------- GSM8K
const GSM8K = "gsm8k layout {question, answer}";
export function parseGsm8k(rec: Rec, s: Src): Gsm8kDoc {
  if (isNutcracker(rec)) {
    // nutcracker GSM8K rows carry only the final answer.
    const text = str(rec, "centerpiece", s, NUTCRACKER);
    const fin = rec.correct_options;
    if (!Array.isArray(fin) || typeof fin[0] !== "string") throw fail(s, `missing field "correct_options"`);
    return { ...s, question: text, answer: `#### ${fin[0]}` };
  }
  const answer = str(rec, "answer", s, GSM8K);
  if (!/#### /.test(answer)) throw fail(s, `field "answer" has no "#### N" final answer`);
  return { ...s, question: str(rec, "question", s, GSM8K), answer };
}

// ---------------------------------------------------------------- loaders

function loadJsonDocs<D>(file: string, parse: (rec: Rec, s: Src) => D): D[] {
  return nonEmpty(
    records(file).map(({ rec, s }) => parse(rec, s)),
    file,
  );
}

export function loadArc(o: LoadOptions = {}): TaskGroup<ArcDoc>[] {
  const dir = o.benchmarksDir ?? BUNDLED_BENCHMARKS_DIR;
  const docs = loadJsonDocs(o.dataFile ?? join(dir, "arc-challenge/test.json"), parseArc);
  const pool = loadJsonDocs(o.fewshotFile ?? join(dir, "arc-challenge/dev.json"), parseArc);
  return [{ name: "arc_challenge", docs, pool, poolMode: "sample" }];
}

export function loadHellaswag(o: LoadOptions = {}): TaskGroup<HellaswagDoc>[] {
  const dir = o.benchmarksDir ?? BUNDLED_BENCHMARKS_DIR;
  const docs = loadJsonDocs(o.dataFile ?? join(dir, "hellaswag/dev.json"), parseHellaswag);
  if (o.fewshotFile) {
    return [
      { name: "hellaswag", docs, pool: loadJsonDocs(o.fewshotFile, parseHellaswag), poolMode: "sample" },
    ];
  }
  const pool = loadJsonDocs(join(dir, "hellaswag/dev.json"), parseHellaswag);
  return [{ name: "hellaswag", docs, pool, poolMode: "sample-excluding" }];
}

export function loadTruthfulqa(o: LoadOptions = {}): TaskGroup<TruthfulqaDoc>[] {
  const dir = o.benchmarksDir ?? BUNDLED_BENCHMARKS_DIR;
  const docs = loadJsonDocs(o.dataFile ?? join(dir, "truthfulqa-mc1/test.json"), parseTruthfulqa);
  return [{ name: "truthfulqa", docs, pool: [], poolMode: "first" }];
}

export function loadWinogrande(o: LoadOptions = {}): TaskGroup<WinograndeDoc>[] {
  const dir = o.benchmarksDir ?? BUNDLED_BENCHMARKS_DIR;
  const docs = loadJsonDocs(o.dataFile ?? join(dir, "winogrande/test.json"), parseWinogrande);
  const pool = loadJsonDocs(o.fewshotFile ?? join(dir, "winogrande/dev.json"), parseWinogrande);
  return [{ name: "winogrande", docs, pool, poolMode: "sample" }];
}

export function loadGsm8k(o: LoadOptions = {}): TaskGroup<Gsm8kDoc>[] {
  const dir = o.benchmarksDir ?? BUNDLED_BENCHMARKS_DIR;
  const solutions = join(dir, "gsm8k-solutions/test.jsonl");
  const docs = loadJsonDocs(o.dataFile ?? solutions, parseGsm8k);
  if (o.fewshotFile) {
    return [{ name: "gsm8k", docs, pool: loadJsonDocs(o.fewshotFile, parseGsm8k), poolMode: "sample" }];
  }
  // No worked train solutions are bundled: shots come from the test solutions, never the current doc.
  return [{ name: "gsm8k", docs, pool: loadJsonDocs(solutions, parseGsm8k), poolMode: "sample-excluding" }];
}

/**
 * MMLU, one group per subject. `dataFile` may be one Hendrycks CSV (subject from its name), a JSON file
 * with a subject per row, or a folder holding <subject>_test.csv files (Hendrycks' data/test).
 * Shots: the first k rows of the subject's dev split (bundled, or `fewshotFile` grouped the same way).
 */
export function loadMmlu(o: LoadOptions = {}, subjects?: readonly string[]): TaskGroup<MmluDoc>[] {
  const dir = o.benchmarksDir ?? BUNDLED_BENCHMARKS_DIR;
  let bySubject: Map<string, MmluDoc[]>;
  if (o.dataFile) {
    bySubject = groupBySubject(readMmluPath(o.dataFile));
  } else {
    bySubject = new Map();
    for (const b of bundledMmluDirs(dir)) {
      if (subjects && !subjects.includes(b.subject)) continue;
      bySubject.set(b.subject, readMmluFile(join(b.dir, "test.json"), b.subject));
    }
  }
  let devBySubject: Map<string, MmluDoc[]>;
  if (o.fewshotFile) {
    devBySubject = groupBySubject(readMmluPath(o.fewshotFile));
  } else {
    devBySubject = new Map();
    for (const b of bundledMmluDirs(dir)) {
      if (!bySubject.has(b.subject)) continue;
      devBySubject.set(b.subject, readMmluFile(join(b.dir, "dev.json"), b.subject));
    }
  }
  const groups: TaskGroup<MmluDoc>[] = [];
  for (const [subject, docs] of [...bySubject.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (subjects && !subjects.includes(subject)) continue;
    groups.push({ name: subject, docs, pool: devBySubject.get(subject) ?? [], poolMode: "first" });
  }
  if (subjects) {
    const missing = subjects.filter((s) => !groups.some((g) => g.name === s));
    if (missing.length > 0) {
      throw new DataError(`MMLU subject(s) not found in the data: ${missing.join(", ")}`, o.dataFile);
    }
  }
  return groups;
}

function readMmluPath(path: string): MmluDoc[] {
  if (existsSync(path) && statSync(path).isDirectory()) {
    const files = readdirSync(path)
      .filter((f) => /\.csv$/i.test(f))
      .sort();
    if (files.length === 0) throw new DataError(`${path}: folder has no .csv files`, path);
    return files.flatMap((f) => readMmluFile(join(path, f), subjectFromPath(f)));
  }
  return readMmluFile(path, subjectFromPath(path));
}

/** "<subject>_test.csv" -> subject; ".../<subject>/test.json" (the nutcracker layout) -> subject. */
function subjectFromPath(file: string): string {
  const base = basename(file).replace(/\.[^.]*$/, "");
  if (/^(test|dev|val|validation)$/i.test(base)) return normalizeSubject(basename(dirname(file)));
  return normalizeSubject(base.replace(/_(test|dev|val)$/i, ""));
}
