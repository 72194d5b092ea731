import type { Structure } from "../contracts/index.ts";

/** Multi-head latent attention (DeepSeek-V2/V3): low-rank Q and KV projections. */
export interface MlaShape {
  qLoraRank: number | null;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
}

export interface EstimateOptions {
  /** Output projection shares the input embedding (default false: lm_head counted separately). */
  tiedEmbeddings?: boolean;
  /** Gate+up+down (3 matrices) instead of up+down (2). Default: true when the activation is SiLU/SwiGLU-like. */
  gatedMlp?: boolean;
  /** Attention head width when it is not d_model / heads (Gemma: 256, T5: d_kv). */
  headDim?: number | null;
  /** Add a learned pos x d_model position table (GPT-2, OPT, GPT-Neo, StarCoder). */
  learnedPositions?: boolean;
  /** Formula family (default "transformer"). */
  body?: "transformer" | "rwkv" | "mamba" | "encoder-decoder";
  /** Encoder depth of an encoder-decoder (structure.layers is the decoder). Default: same as the decoder. */
  encoderLayers?: number | null;
  /** MoE models: how many layers have a dense MLP instead of experts (DeepSeek first_k_dense_replace). */
  denseLayers?: number;
  /** Width of those dense MLPs (DeepSeek intermediate_size). Default d_ffn. */
  denseFfn?: number | null;
  /** Total width of the always-on shared expert(s) in each MoE layer (Qwen2-MoE, DeepSeek). */
  sharedExpertFfn?: number | null;
  mla?: MlaShape | null;
  /** RWKV time-mix width (attention_hidden_size). Default d_model. */
  attentionHidden?: number | null;
  /** Mamba selective-scan sizes (defaults: state 16, dt rank ceil(d/16), conv kernel 4). */
  ssm?: { stateSize?: number | null; dtRank?: number | null; convKernel?: number | null } | null;
  /** A vision encoder inside a multimodal checkpoint (counted as a plain transformer encoder). */
  vision?: { layers: number; d_model: number; d_ffn: number } | null;
}

const GATED_ACTIVATION = /silu|swish|swiglu|geglu/i;

/**
 * Parameter count in billions from the structure alone (plus options for what the structure cannot say).
 * Counts embeddings (+ an untied lm_head), attention with kv_heads, the MLP (3 matrices gated, 2 plain;
 * every expert for MoE), and per-layer norms; biases are left out (well under 0.5% for every family here).
 * Returns null when layers, d_model, vocab_size or (for transformers) d_ffn is unknown.
 */
export function estimateParams(structure: Structure, opts: EstimateOptions = {}): number | null {
  const { layers, d_model: d, vocab_size: vocab } = structure;
  if (layers === null || d === null || vocab === null) return null;
  const body = opts.body ?? "transformer";
  const embeddings = vocab * d * (opts.tiedEmbeddings === true ? 1 : 2);
  const positions = opts.learnedPositions === true && structure.pos !== null ? structure.pos * d : 0;
  let total = embeddings + positions + d; // + final norm

  if (body === "rwkv") {
    const att = opts.attentionHidden ?? d;
    const ffn = structure.d_ffn ?? 4 * d;
    // time mix: key, value, receptance (d x att) and output (att x d); channel mix: key, value, receptance.
    total += layers * (4 * d * att + 2 * d * ffn + d * d + 4 * d);
  } else if (body === "mamba") {
    const inner = structure.d_ffn ?? 2 * d;
    const state = opts.ssm?.stateSize ?? 16;
    const dtRank = opts.ssm?.dtRank ?? Math.ceil(d / 16);
    const conv = opts.ssm?.convKernel ?? 4;
    const perLayer =
      d * 2 * inner + // in_proj (x and gate)
      inner * (conv + 1) + // depthwise conv + bias
      inner * (dtRank + 2 * state) + // x_proj -> dt, B, C
      (dtRank + 1) * inner + // dt_proj + bias
      inner * state + // A_log
      inner + // D
      inner * d + // out_proj
      d; // norm
    total += layers * perLayer;
  } else {
    if (structure.d_ffn === null) return null;
    const attn = attentionParams(structure, d, opts);
    const gated =
      opts.gatedMlp ?? (structure.activation !== null && GATED_ACTIVATION.test(structure.activation));
    const mlp = (width: number) => (gated ? 3 : 2) * d * width;
    const experts = structure.moe_experts;
    let mlpTotal: number;
    if (experts !== null && experts > 1) {
      const dense = Math.min(opts.denseLayers ?? 0, layers);
      const moeLayer =
        experts * mlp(structure.d_ffn) + experts * d + (opts.sharedExpertFfn ? mlp(opts.sharedExpertFfn) : 0);
      mlpTotal = dense * mlp(opts.denseFfn ?? structure.d_ffn) + (layers - dense) * moeLayer;
    } else {
      mlpTotal = layers * mlp(structure.d_ffn);
    }
    total += layers * (attn + 2 * d) + mlpTotal;
    if (body === "encoder-decoder") {
      // decoder layers add cross-attention; the encoder repeats self-attention + MLP.
      const enc = opts.encoderLayers ?? layers;
      total += layers * (attn + d) + enc * (attn + mlp(structure.d_ffn) + 2 * d) + d;
    }
  }

  const v = opts.vision;
  if (v) total += v.layers * (4 * v.d_model * v.d_model + 2 * v.d_model * v.d_ffn + 4 * v.d_model);
  return total / 1e9;
}

function attentionParams(s: Structure, d: number, opts: EstimateOptions): number {
  const heads = s.heads;
  const mla = opts.mla;
  if (mla && heads !== null) {
    const qk = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
    const q = mla.qLoraRank ? d * mla.qLoraRank + mla.qLoraRank * heads * qk : d * heads * qk;
    const kvA = d * (mla.kvLoraRank + mla.qkRopeHeadDim);
    const kvB = mla.kvLoraRank * heads * (mla.qkNopeHeadDim + mla.vHeadDim);
    return q + kvA + kvB + heads * mla.vHeadDim * d;
  }
  if (heads === null) return 4 * d * d;
  const hd = opts.headDim ?? d / heads;
  const kv = s.kv_heads ?? heads;
  return 2 * d * heads * hd + 2 * d * kv * hd;
}
