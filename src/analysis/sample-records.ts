import {
  emptyRecord,
  type ModelKind,
  type ModelRecord,
  mulberry32,
  STRUCTURE_KEYS,
  type Structure,
  type V2ScoreRow,
} from "../contracts/index.ts";

/**
 * A seeded, realistic stand-in for the leaderboard table, for tests and demos that must not depend on
 * the built dataset. Structures are the real configs of common families (values from their
 * config.json); scores rise with log-size and depth as on the leaderboard, with noise; dates span
 * 2023-03..2024-06 like leaderboard v1.
 */
interface Family {
  architecture: string;
  model_type: string;
  layers: number;
  d_model: number;
  d_ffn: number;
  heads: number;
  kv_heads: number;
  vocab_size: number;
  pos: number;
  activation: string;
  params_b: number;
  moe_experts?: number;
  moe_active_experts?: number;
  multimodal?: boolean;
}

const FAMILIES: Family[] = [
  {
    architecture: "LlamaForCausalLM",
    model_type: "llama",
    layers: 32,
    d_model: 4096,
    d_ffn: 11008,
    heads: 32,
    kv_heads: 32,
    vocab_size: 32000,
    pos: 4096,
    activation: "silu",
    params_b: 6.74,
  },
  {
    architecture: "LlamaForCausalLM",
    model_type: "llama",
    layers: 40,
    d_model: 5120,
    d_ffn: 13824,
    heads: 40,
    kv_heads: 40,
    vocab_size: 32000,
    pos: 4096,
    activation: "silu",
    params_b: 13.02,
  },
  {
    architecture: "LlamaForCausalLM",
    model_type: "llama",
    layers: 80,
    d_model: 8192,
    d_ffn: 28672,
    heads: 64,
    kv_heads: 8,
    vocab_size: 32000,
    pos: 4096,
    activation: "silu",
    params_b: 68.98,
  },
  {
    architecture: "MistralForCausalLM",
    model_type: "mistral",
    layers: 32,
    d_model: 4096,
    d_ffn: 14336,
    heads: 32,
    kv_heads: 8,
    vocab_size: 32000,
    pos: 32768,
    activation: "silu",
    params_b: 7.24,
  },
  {
    architecture: "MixtralForCausalLM",
    model_type: "mixtral",
    layers: 32,
    d_model: 4096,
    d_ffn: 14336,
    heads: 32,
    kv_heads: 8,
    vocab_size: 32000,
    pos: 32768,
    activation: "silu",
    params_b: 46.7,
    moe_experts: 8,
    moe_active_experts: 2,
  },
  {
    architecture: "Qwen2ForCausalLM",
    model_type: "qwen2",
    layers: 24,
    d_model: 896,
    d_ffn: 4864,
    heads: 14,
    kv_heads: 2,
    vocab_size: 151936,
    pos: 32768,
    activation: "silu",
    params_b: 0.49,
  },
  {
    architecture: "Qwen2ForCausalLM",
    model_type: "qwen2",
    layers: 28,
    d_model: 3584,
    d_ffn: 18944,
    heads: 28,
    kv_heads: 4,
    vocab_size: 152064,
    pos: 32768,
    activation: "silu",
    params_b: 7.62,
  },
  {
    architecture: "GPT2LMHeadModel",
    model_type: "gpt2",
    layers: 12,
    d_model: 768,
    d_ffn: 3072,
    heads: 12,
    kv_heads: 12,
    vocab_size: 50257,
    pos: 1024,
    activation: "gelu_new",
    params_b: 0.124,
  },
  {
    architecture: "GPTNeoXForCausalLM",
    model_type: "gpt_neox",
    layers: 16,
    d_model: 2048,
    d_ffn: 8192,
    heads: 8,
    kv_heads: 8,
    vocab_size: 50304,
    pos: 2048,
    activation: "gelu",
    params_b: 1.01,
  },
  {
    architecture: "GPTNeoXForCausalLM",
    model_type: "gpt_neox",
    layers: 32,
    d_model: 4096,
    d_ffn: 16384,
    heads: 32,
    kv_heads: 32,
    vocab_size: 50432,
    pos: 2048,
    activation: "gelu",
    params_b: 6.86,
  },
  {
    architecture: "PhiForCausalLM",
    model_type: "phi",
    layers: 32,
    d_model: 2560,
    d_ffn: 10240,
    heads: 32,
    kv_heads: 32,
    vocab_size: 51200,
    pos: 2048,
    activation: "gelu_new",
    params_b: 2.78,
  },
  {
    architecture: "GemmaForCausalLM",
    model_type: "gemma",
    layers: 28,
    d_model: 3072,
    d_ffn: 24576,
    heads: 16,
    kv_heads: 16,
    vocab_size: 256000,
    pos: 8192,
    activation: "gelu",
    params_b: 8.54,
  },
  {
    architecture: "FalconForCausalLM",
    model_type: "falcon",
    layers: 32,
    d_model: 4544,
    d_ffn: 18176,
    heads: 71,
    kv_heads: 1,
    vocab_size: 65024,
    pos: 2048,
    activation: "gelu",
    params_b: 7.22,
  },
  {
    architecture: "LlavaForConditionalGeneration",
    model_type: "llama",
    layers: 32,
    d_model: 4096,
    d_ffn: 11008,
    heads: 32,
    kv_heads: 32,
    vocab_size: 32064,
    pos: 4096,
    activation: "silu",
    params_b: 7.06,
    multimodal: true,
  },
];

const KINDS: { kind: ModelKind; weight: number; bonus: number }[] = [
  { kind: "pretrained", weight: 0.15, bonus: 0 },
  { kind: "continued", weight: 0.05, bonus: 1 },
  { kind: "fine-tuned", weight: 0.4, bonus: 3 },
  { kind: "chat", weight: 0.25, bonus: 4 },
  { kind: "merge", weight: 0.15, bonus: 6 },
];

/** mulberry32: a tiny seeded PRNG, enough for test data. */
function rng(seed: number): () => number {
  return mulberry32(seed >>> 0);
}

function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Structural fields whose provenance a sample record states (architecture and size are the export's). */
const NOT_STATED: ReadonlySet<string> = new Set([
  "architecture",
  "params_b",
  "moe_experts",
  "moe_active_experts",
  "multimodal",
]);
const STRUCTURAL = STRUCTURE_KEYS.filter((k) => !NOT_STATED.has(k));

/**
 * What a sample record's structure rests on, drawn like the bundled build: pretrained models are
 * registry bases (read from their config), the rest imputed with the evidence mix and confidences the
 * leaderboard build gives (name+size mostly, some size-only, name-only and prior).
 */
function sampleEvidence(
  kind: ModelKind,
  u: number,
): Pick<ModelRecord, "evidence" | "impute_confidence"> & { read: boolean } {
  if (kind === "pretrained") return { evidence: "registry", impute_confidence: null, read: true };
  if (u < 0.3) return { evidence: "name+size", impute_confidence: 0.9, read: false };
  if (u < 0.6) return { evidence: "name+size", impute_confidence: 0.54, read: false };
  if (u < 0.8) return { evidence: "size-only", impute_confidence: 0.5, read: false };
  if (u < 0.9) return { evidence: "name-only", impute_confidence: 0.4, read: false };
  return { evidence: "prior", impute_confidence: 0.1, read: false };
}

/** `n` records drawn deterministically from `seed`. */
export function sampleRecords(n: number, seed = 42): ModelRecord[] {
  const rand = rng(seed);
  // Evidence has its own stream so that adding it left every other drawn value as it was.
  const randEvidence = rng(seed ^ 0x5bd1e995);
  const start = Date.UTC(2023, 2, 1);
  const span = Date.UTC(2024, 5, 30) - start;
  const out: ModelRecord[] = [];
  for (let i = 0; i < n; i++) {
    const f = FAMILIES[Math.floor(rand() * FAMILIES.length)] as Family;
    let u = rand();
    let k = KINDS[0] as (typeof KINDS)[number];
    for (const c of KINDS) {
      k = c;
      if (u < c.weight) break;
      u -= c.weight;
    }
    const t = rand();
    const created = new Date(start + t * span).toISOString().slice(0, 10);
    const submitted = new Date(start + t * span + rand() * 30 * 86400e3).toISOString().slice(0, 10);
    const lp = Math.log10(f.params_b);
    // Later models score higher at equal size (better data), as the study found for date.
    const base = 10 * lp + 0.15 * f.layers + 8 * t + k.bonus;
    const score = (center: number, gain: number, lo: number, hi: number, noise: number) =>
      round2(clamp(center + gain * base + noise * gauss(rand), lo, hi));
    const hasGsm = rand() > 0.05;
    const structure: Structure = {
      architecture: f.architecture,
      model_type: f.model_type,
      layers: f.layers,
      d_model: f.d_model,
      d_ffn: f.d_ffn,
      heads: f.heads,
      kv_heads: f.kv_heads,
      vocab_size: f.vocab_size,
      pos: f.pos,
      activation: f.activation,
      moe_experts: f.moe_experts ?? null,
      moe_active_experts: f.moe_active_experts ?? null,
      multimodal: f.multimodal ?? false,
      params_b: f.params_b,
    };
    const { read, ...evidence } = sampleEvidence(k.kind, randEvidence());
    const createdAt = rand() < 0.8 ? created : null;
    const rec: ModelRecord = {
      ...emptyRecord(`sample-org-${i % 37}/${f.model_type}-${k.kind}-${i}`),
      ...structure,
      ...evidence,
      provenance: Object.fromEntries(STRUCTURAL.map((c) => [c, read ? "config" : "imputed"])),
      kind: k.kind,
      is_moe: f.moe_experts !== undefined,
      is_merged: k.kind === "merge",
      created_at: createdAt,
      submitted_at: submitted,
      date_source: createdAt ? "hub" : "leaderboard-submission",
      likes: rand() < 0.9 ? Math.floor(Math.exp(rand() * 7)) - 1 : null,
      downloads: Math.floor(Math.exp(rand() * 12)),
      license: "apache-2.0",
      precision: "bfloat16",
      arc: score(30, 1.3, 18, 80, 3),
      hellaswag: score(40, 1.6, 24, 92, 3),
      mmlu: score(22, 1.5, 22, 82, 4),
      truthfulqa: score(38, 0.5, 30, 80, 4),
      winogrande: score(50, 1.0, 48, 88, 2.5),
      gsm8k: hasGsm ? score(-10, 1.6, 0, 85, 6) : null,
    };
    const scores = [rec.arc, rec.hellaswag, rec.mmlu, rec.truthfulqa, rec.winogrande, rec.gsm8k];
    rec.average = scores.every((s) => s !== null)
      ? round2(scores.reduce((a, b) => (a ?? 0) + (b ?? 0), 0) / 6)
      : null;
    out.push(rec);
  }
  return out;
}

/**
 * Leaderboard v2 rows for about `share` of the given records (the scores_v2 table of a build), scores
 * rising with log-size and depth plus noise on v2's normalized 0-100 scale; a few models get a second
 * row (another precision) with fewer scores, as in the real export.
 */
export function sampleV2Rows(records: readonly ModelRecord[], seed = 7, share = 0.6): V2ScoreRow[] {
  const rand = rng(seed);
  const out: V2ScoreRow[] = [];
  for (const r of records) {
    if (rand() >= share) continue;
    const lp = Math.log10(r.params_b ?? 7);
    const base = 12 * lp + 0.2 * (r.layers ?? 32);
    const s = (center: number, gain: number, noise: number) =>
      round2(clamp(center + gain * base + noise * gauss(rand), 0, 100));
    const row: V2ScoreRow = {
      id: r.id,
      revision: null,
      precision: "bfloat16",
      kind: r.kind,
      architecture: r.architecture,
      params_b: r.params_b,
      is_merged: r.is_merged,
      is_moe: r.is_moe,
      flagged: false,
      likes: r.likes,
      license: r.license,
      base_model: null,
      uploaded_at: r.created_at,
      submitted_at: "2024-07-01",
      ifeval: s(10, 1.2, 8),
      bbh: s(0, 0.9, 3),
      math: s(-8, 0.5, 2),
      gpqa: s(-2, 0.2, 1.5),
      musr: s(2, 0.25, 3),
      mmlu_pro: s(-10, 0.9, 3),
      average: null,
    };
    out.push(row);
    if (rand() < 0.1) out.push({ ...row, precision: "float16", math: null, submitted_at: "2024-06-01" });
  }
  return out;
}
