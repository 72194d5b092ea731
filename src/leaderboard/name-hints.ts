/** Sizes read from a model id, e.g. "Llama-2-13b", "SOLAR-10.7B", "Qwen-1_8B", "Beyonder-4x7B", "opt-350m". */
export interface NameSize {
  /** Dense size (or size of one expert for an N x M merge), billions. */
  size_b: number | null;
  /** N of an "NxM" mixture-of-experts name ("8x7B", "7Bx2", "248Mx4"). */
  experts: number | null;
}

// A number with an optional decimal written as "." or "_" ("1.8", "1_8"), then a unit.
const NUM = String.raw`(\d{1,3}(?:[._]\d{1,2})?)`;
const MOE_N_X_M = new RegExp(String.raw`(?:^|[^a-z0-9])(\d{1,2})\s*x\s*${NUM}\s*([bm])(?![a-z])`);
const MOE_M_X_N = new RegExp(String.raw`(?:^|[^a-z0-9.])${NUM}\s*([bm])\s*x\s*(\d{1,2})(?![0-9])`);
const DENSE_B = new RegExp(String.raw`(?:^|[^a-z0-9.])${NUM}\s*b(?![a-z0-9])`);
// Bloom's "1b1", "7b1" (1.1B, 7.1B).
const DENSE_B_INFIX = /(?:^|[^a-z0-9._])(\d{1,2})b(\d)(?![a-z0-9])/;
// Millions: "350m", "1_160M", "TinyMistral248M" (a letter or underscore may come right before it).
const DENSE_M = /(?:^|[^0-9.])(\d{2,3})\s*m(?![a-z0-9])/;

const num = (s: string): number => Number(s.replace("_", "."));
const toB = (v: number, unit: string | undefined): number => (unit === "m" ? v / 1000 : v);

/** Parses size hints from the repository name (the part after the owner). */
export function parseNameSize(id: string): NameSize {
  const name = (id.split("/").pop() ?? id).toLowerCase();
  let m = MOE_N_X_M.exec(name);
  if (m?.[1] && m[2]) return { experts: Number(m[1]), size_b: toB(num(m[2]), m[3]) };
  m = MOE_M_X_N.exec(name);
  if (m?.[1] && m[3]) return { experts: Number(m[3]), size_b: toB(num(m[1]), m[2]) };
  m = DENSE_B.exec(name);
  if (m?.[1]) {
    const v = num(m[1]);
    if (v > 0) return { experts: null, size_b: v };
  }
  m = DENSE_B_INFIX.exec(name);
  if (m?.[1] && m[2]) return { experts: null, size_b: Number(`${m[1]}.${m[2]}`) };
  m = DENSE_M.exec(name);
  if (m?.[1]) return { experts: null, size_b: Number(m[1]) / 1000 };
  return { experts: null, size_b: null };
}

/** Precisions and name markers of quantized uploads, whose reported parameter counts are not the model's. */
const QUANTIZED_PRECISIONS = new Set(["4bit", "8bit", "gptq", "awq"]);
const QUANTIZED_NAME = /(^|[^a-z])(gptq|awq|gguf|ggml|exl2|4bit|8bit|int4|int8|nf4|bnb)([^a-z]|$)/;

/** True when a leaderboard precision ("4bit", "GPTQ", ...) is a quantized one. */
export function isQuantizedPrecision(precision: string | null | undefined): boolean {
  return precision != null && QUANTIZED_PRECISIONS.has(precision.toLowerCase());
}

/** True when the row is a quantized upload (by precision or by a marker in its name). */
export function isQuantized(id: string, precision: string | null | undefined): boolean {
  if (isQuantizedPrecision(precision)) return true;
  return QUANTIZED_NAME.test((id.split("/").pop() ?? id).toLowerCase());
}

/** Words that say a model is smaller than its family's usual sizes ("TinyMistral", "mini-gpt2"). */
const SMALL_WORDS = /tiny|nano|micro|mini(?!stral)|smol/;

/**
 * True when the repo name calls the model small with a word that is not part of `familyName` itself
 * (TinyLlama is a family; "TinyMistral" is a small custom model, not Mistral-7B).
 */
export function saysSmall(id: string, familyName: string): boolean {
  const name = (id.split("/").pop() ?? id).toLowerCase();
  const m = SMALL_WORDS.exec(name);
  return m !== null && !familyName.includes(m[0]);
}
