import { DataError } from "../contracts/index.ts";
import { BUNDLED, readJson } from "./data-files.ts";
import type { BaseModelEntry } from "./types.ts";

/** The curated base-model registry, indexed by lower-cased hub id and by family. */
export interface Registry {
  file: string;
  entries: BaseModelEntry[];
  byId: Map<string, BaseModelEntry>;
  byFamily: Map<string, BaseModelEntry[]>;
}

const INT_FIELDS = ["layers", "d_model", "d_ffn", "heads", "kv_heads", "vocab_size"] as const;
const STRING_FIELDS = ["hub_id", "family", "architecture", "model_type", "activation", "released"] as const;

/** Checks one raw registry entry; throws DataError naming the file, entry and field. */
function checkEntry(raw: unknown, i: number, file: string): BaseModelEntry {
  if (typeof raw !== "object" || raw === null)
    throw new DataError(`${file}: entry ${i} is not an object`, file);
  const o = raw as Record<string, unknown>;
  const where = `${file}: entry ${i} (${String(o.hub_id)})`;
  for (const f of STRING_FIELDS) {
    if (typeof o[f] !== "string" || o[f] === "")
      throw new DataError(`${where}: field "${f}" must be a string`, file);
  }
  for (const f of INT_FIELDS) {
    const v = o[f];
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
      throw new DataError(`${where}: field "${f}" must be a positive integer`, file);
    }
  }
  for (const f of ["pos", "moe_experts", "moe_active_experts"] as const) {
    const v = o[f];
    if (v !== null && (typeof v !== "number" || !Number.isInteger(v) || v <= 0)) {
      throw new DataError(`${where}: field "${f}" must be a positive integer or null`, file);
    }
  }
  if (typeof o.params_b !== "number" || !(o.params_b > 0)) {
    throw new DataError(`${where}: field "params_b" must be a positive number`, file);
  }
  if (Number.isNaN(Date.parse(String(o.released)))) {
    throw new DataError(`${where}: field "released" must be an ISO date`, file);
  }
  return o as unknown as BaseModelEntry;
}

/** Loads and validates data/base-models.json (or another registry file). */
export function loadRegistry(file: string = BUNDLED.registry): Registry {
  const raw = readJson(file);
  if (!Array.isArray(raw)) throw new DataError(`${file}: expected a JSON array of base models`, file);
  return indexRegistry(
    file,
    raw.map((r, i) => checkEntry(r, i, file)),
  );
}

/**
 * The registry without the entries `drop` selects (a held-out base, every twin of a shape): what the
 * imputation's validation and tests impute against.
 */
export function registryWithout(registry: Registry, drop: (e: BaseModelEntry) => boolean): Registry {
  return indexRegistry(
    registry.file,
    registry.entries.filter((e) => !drop(e)),
  );
}

function indexRegistry(file: string, entries: BaseModelEntry[]): Registry {
  const byId = new Map<string, BaseModelEntry>();
  const byFamily = new Map<string, BaseModelEntry[]>();
  for (const e of entries) {
    const key = e.hub_id.toLowerCase();
    if (byId.has(key)) throw new DataError(`${file}: duplicate hub_id "${e.hub_id}"`, file);
    byId.set(key, e);
    const fam = byFamily.get(e.family);
    if (fam) fam.push(e);
    else byFamily.set(e.family, [e]);
  }
  return { file, entries, byId, byFamily };
}

/** Model types whose FFN is gated (three matrices: gate, up, down); the others use two. */
const GATED_MODEL_TYPES = new Set([
  "llama",
  "mistral",
  "mixtral",
  "qwen",
  "qwen2",
  "qwen2_moe",
  "gemma",
  "gemma2",
  "phi3",
  "internlm",
  "internlm2",
  "baichuan",
  "olmo",
  "cohere",
  "dbrx",
  "stablelm",
]);

export interface ShapeForEstimate {
  model_type: string | null;
  layers: number;
  d_model: number;
  d_ffn: number;
  heads: number;
  kv_heads: number | null;
  vocab_size: number | null;
  moe_experts: number | null;
  activation?: string | null;
}

/**
 * Parameter count (billions) from the structure: per layer attention 2*d^2 (Q, O) + 2*d*d*kv/heads
 * (K, V) and an FFN of 2 or 3 matrices (gated) of d*d_ffn per expert; embeddings vocab*d, counted twice
 * unless `tied`. Norms and biases are ignored (well under 1%).
 */
export function estimateParamsB(s: ShapeForEstimate, tied = false): number {
  const d = s.d_model;
  const kvRatio = (s.kv_heads ?? s.heads) / s.heads;
  const attn = 2 * d * d + 2 * d * d * kvRatio;
  const gated =
    GATED_MODEL_TYPES.has(s.model_type ?? "") || (s.model_type === "chatglm" && s.activation === "silu");
  const ffn = (gated ? 3 : 2) * d * s.d_ffn * (s.moe_experts ?? 1);
  const emb = (s.vocab_size ?? 32000) * d * (tied ? 1 : 2);
  return (s.layers * (attn + ffn) + emb) / 1e9;
}
