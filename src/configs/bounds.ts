/**
 * Plausibility bounds for config.json values. A value outside its bound is not kept: the field becomes
 * null and a warning names the field, the raw key and the value. Each bound sits well above the largest
 * real model we know of, so only broken or joke configs trip it (the study's table shows d_ffn 13,100,072
 * and 8,928 layers).
 */

/** Deepest real decoders are ~200 layers (e.g. some 1-2B "deep-thin" experiments); 512 leaves room. */
export const MAX_LAYERS = 512;
/** Widest real hidden sizes are ~25,600 (PaLM-540B 18,432; GPT-3 12,288). */
export const MAX_D_MODEL = 65_536;
/** Widest real per-layer FFNs are ~73,728 (Nemotron-4 340B); 131,072 leaves room. */
export const MAX_D_FFN = 131_072;
/** d_ffn more than this many times d_model is implausible (real ratios are 0.2 (fine-grained MoE) .. 8). */
export const MAX_FFN_TO_D_MODEL_RATIO = 32;
/** Falcon-180B has 232 heads. */
export const MAX_HEADS = 1_024;
/** Real vocabularies reach ~262k (Gemma 3); byte/char models go as low as 2. */
export const MAX_VOCAB_SIZE = 1_048_576;
/** Llama-4 Scout declares 10,485,760 positions; 2^24 leaves room. */
export const MAX_POS = 16_777_216;
/** DeepSeek-V3 has 256 routed experts, some research MoEs a few thousand. */
export const MAX_MOE_EXPERTS = 4_096;
/** Ten trillion parameters: anything above is a broken estimate. */
export const MAX_PARAMS_B = 10_000;

/** The bound each integer field is checked against. */
export const FIELD_BOUNDS = {
  layers: MAX_LAYERS,
  d_model: MAX_D_MODEL,
  d_ffn: MAX_D_FFN,
  heads: MAX_HEADS,
  kv_heads: MAX_HEADS,
  vocab_size: MAX_VOCAB_SIZE,
  pos: MAX_POS,
  moe_experts: MAX_MOE_EXPERTS,
  moe_active_experts: MAX_MOE_EXPERTS,
} as const;

export type BoundedField = keyof typeof FIELD_BOUNDS;

/** Why a raw value is not a usable size, or null when it is one. */
export function sizeProblem(value: unknown, max: number): string | null {
  if (typeof value !== "number") return `is ${value === null ? "null" : typeof value}, not a number`;
  if (!Number.isFinite(value)) return "is not finite";
  if (!Number.isInteger(value)) return "is not an integer";
  if (value <= 0) return "is not positive";
  if (value > max) return `exceeds the plausible maximum ${max.toLocaleString("en-US")}`;
  return null;
}
