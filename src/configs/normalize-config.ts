import {
  ConfigError,
  emptyStructure,
  type NormalizedConfig,
  type Provenance,
  STRUCTURE_KEYS,
  type Structure,
  type StructureWarning,
} from "../contracts/index.ts";
import {
  type AliasField,
  defaultTraits,
  FAMILIES,
  type FamilyTraits,
  familyOf,
  GENERIC_ALIASES,
  MULTIMODAL_MARKERS,
  NESTED_DEFAULTS,
  TEXT_CONFIG_KEYS,
} from "./aliases.ts";
import {
  type BoundedField,
  FIELD_BOUNDS,
  MAX_FFN_TO_D_MODEL_RATIO,
  MAX_PARAMS_B,
  sizeProblem,
} from "./bounds.ts";
import { type EstimateOptions, estimateParams } from "./estimate-params.ts";

export interface NormalizeOptions {
  /** Named in error and warning messages (default "config.json"). */
  file?: string;
}

type Json = Record<string, unknown>;

interface Hit {
  value: unknown;
  source: string;
  provenance: Provenance;
}

/** Where fields are read from: the text model's config (nested or top level), plus class defaults. */
interface View {
  cfg: Json;
  /** "" at the top level, "text_config." etc. when nested. */
  prefix: string;
  defaults: Record<string, number | string> | null;
  defaultsName: string;
}

/** Fields the structure cannot be used without: a missing one is reported as a warning. */
const CORE_FIELDS = ["layers", "d_model", "vocab_size"] as const;

/** Fields whose presence makes a JSON object recognisable as a model config. */
const RECOGNISABLE: AliasField[] = ["layers", "d_model", "heads", "vocab_size", "d_ffn"];

/** Keys that give an attention head width independent of d_model / heads. */
const HEAD_DIM_KEYS = ["head_dim", "kv_channels", "d_kv", "attention_head_dim"];

/**
 * Hugging Face config.json (parsed) -> the normalized Structure, with the provenance and raw key of each
 * value and warnings for implausible ones.
 *
 * Policy for bad values: a value that is not a positive integer or exceeds its bound (bounds.ts) is set to
 * null and a warning names the field, raw key and value; an inconsistency between two plausible values
 * (heads not dividing d_model without an explicit head_dim, kv_heads not dividing heads) keeps both and
 * warns, since we cannot tell which one is wrong.
 *
 * Throws ConfigError when `raw` is not a model config: not an object, or none of the layer / width / head /
 * vocabulary keys is present.
 */
export function normalizeConfig(raw: unknown, opts: NormalizeOptions = {}): NormalizedConfig {
  const file = opts.file ?? "config.json";
  if (!isObject(raw)) {
    throw new ConfigError(`${file}: not a model config: expected a JSON object, got ${describe(raw)}`, file);
  }
  return new Normalizer(raw, file).run();
}

class Normalizer {
  private readonly s: Structure = emptyStructure();
  private readonly provenance: NormalizedConfig["provenance"] = {};
  private readonly sources: NormalizedConfig["sources"] = {};
  private readonly warnings: StructureWarning[] = [];
  private readonly view: View;
  private traits: FamilyTraits = defaultTraits(null);
  private family: string | null = null;

  constructor(
    private readonly raw: Json,
    private readonly file: string,
  ) {
    this.view = this.textView();
  }

  run(): NormalizedConfig {
    const { raw, view } = this;
    this.readIdentity();
    this.readActivation();
    if (this.family === null) this.traits = defaultTraits(this.s.activation);

    if (!RECOGNISABLE.some((f) => this.lookup(this.aliases(f)) !== undefined)) {
      const looked = [...GENERIC_ALIASES.layers, ...GENERIC_ALIASES.d_model].join(", ");
      throw new ConfigError(
        `${this.file}: not a model config: field 'layers' / 'd_model' not found (looked for ${looked})`,
        this.file,
        "layers",
      );
    }

    this.readSize("layers");
    this.readSize("d_model");
    if (!this.traits.attentionFree) this.readSize("heads");
    this.readSize("vocab_size");
    if (!this.traits.noFixedPositions) this.readSize("pos");
    this.readFfn();
    this.readKvHeads();
    this.readMoe();

    const marker =
      TEXT_CONFIG_KEYS.find((k) => isObject(raw[k])) ?? MULTIMODAL_MARKERS.find((k) => raw[k] != null);
    this.s.multimodal = marker !== undefined;
    if (marker !== undefined) this.set("multimodal", true, "config", marker);
    else this.provenance.multimodal = "computed";

    this.checkConsistency();
    for (const f of CORE_FIELDS) {
      if (this.s[f] === null && !this.warnings.some((w) => w.field === f)) {
        this.warn(
          f,
          undefined,
          `${this.file}: no ${f} (looked for ${this.aliases(f)
            .map((k) => view.prefix + k)
            .join(", ")})`,
        );
      }
    }
    this.estimate();
    // Same key order as the structure, whatever order the fields were read in.
    const provenance: NormalizedConfig["provenance"] = {};
    const sources: NormalizedConfig["sources"] = {};
    for (const k of STRUCTURE_KEYS) {
      const p = this.provenance[k];
      if (p !== undefined) provenance[k] = p;
      const src = this.sources[k];
      if (src !== undefined) sources[k] = src;
    }
    return { structure: this.s, provenance, sources, warnings: this.warnings };
  }

  // --- reading -------------------------------------------------------------------------------

  private textView(): View {
    for (const key of TEXT_CONFIG_KEYS) {
      const inner = this.raw[key];
      if (isObject(inner)) {
        const mt = typeof inner.model_type === "string" ? inner.model_type : "";
        const fam = familyOf(mt);
        const defaults =
          fam !== null && Object.hasOwn(NESTED_DEFAULTS, fam) ? (NESTED_DEFAULTS[fam] ?? null) : null;
        // An empty or unrelated nested object: the text fields must be at the top level.
        const hasFields = RECOGNISABLE.some((f) => GENERIC_ALIASES[f].some((k) => getPath(inner, k) != null));
        if (!hasFields && defaults === null) continue;
        return { cfg: inner, prefix: `${key}.`, defaults, defaultsName: fam ?? "" };
      }
    }
    return { cfg: this.raw, prefix: "", defaults: null, defaultsName: "" };
  }

  private aliases(field: AliasField): readonly string[] {
    return this.traits.aliases?.[field] ?? GENERIC_ALIASES[field];
  }

  /** The first alias present (non-null) in the config, else in the nested model's class defaults. */
  private lookup(keys: readonly string[]): Hit | undefined {
    const { cfg, prefix, defaults, defaultsName } = this.view;
    for (const key of keys) {
      const value = getPath(cfg, key);
      if (value !== undefined && value !== null) return { value, source: prefix + key, provenance: "config" };
    }
    if (defaults) {
      for (const key of keys) {
        const value = defaults[key];
        if (value !== undefined)
          return { value, source: `default(${defaultsName}).${key}`, provenance: "imputed" };
      }
    }
    return undefined;
  }

  private readIdentity(): void {
    const { raw, view } = this;
    for (const c of [raw, view.cfg]) {
      const arch = Array.isArray(c.architectures) ? c.architectures[0] : undefined;
      if (typeof arch === "string" && arch !== "") {
        this.set("architecture", arch, "config", c === raw ? "architectures" : `${view.prefix}architectures`);
        break;
      }
    }
    const mt = view.cfg.model_type;
    if (typeof mt === "string" && mt !== "") {
      this.set("model_type", mt, "config", `${view.prefix}model_type`);
    } else if (isObject(view.cfg.ssm_cfg)) {
      // The original mamba_ssm checkpoints carry no model_type; ssm_cfg identifies them.
      this.set("model_type", "mamba", "computed", `${view.prefix}ssm_cfg`);
    }
    this.family = familyOf(this.s.model_type);
    if (this.family !== null) this.traits = FAMILIES[this.family] ?? this.traits;
  }

  private readActivation(): void {
    const hit = this.lookup(this.aliases("activation"));
    if (hit !== undefined) {
      if (typeof hit.value === "string" && hit.value !== "") {
        const gated = /^gated-/.exec(hit.value);
        this.set(
          "activation",
          gated ? hit.value.slice(6) : hit.value,
          gated ? "computed" : hit.provenance,
          hit.source,
        );
        return;
      }
      this.warn(
        "activation",
        hit.value,
        `${this.file}: ${hit.source} = ${fmt(hit.value)} is not a string; activation set to null`,
      );
      return;
    }
    const def = this.traits.defaultActivation;
    if (def !== undefined) this.set("activation", def, "computed", `default(${this.family})`);
  }

  /** Reads and checks one integer size field; returns the value kept (or null). */
  private readSize(field: BoundedField): number | null {
    const hit = this.lookup(this.aliases(field));
    if (hit === undefined) return null;
    return this.acceptSize(field, hit.value, hit.provenance, hit.source);
  }

  private acceptSize(field: BoundedField, value: unknown, prov: Provenance, source: string): number | null {
    const problem = sizeProblem(value, FIELD_BOUNDS[field]);
    if (problem !== null) {
      this.sources[field] = source;
      this.warn(field, value, `${this.file}: ${source} = ${fmt(value)} ${problem}; ${field} set to null`);
      return null;
    }
    this.set(field, value as number, prov, source);
    return value as number;
  }

  private readFfn(): void {
    const rule = this.traits.ffn;
    // Any MoE config with a separate expert width (Qwen3-MoE, DeepSeek-V3, ...): d_ffn is per expert.
    const experts = this.lookup(this.aliases("moe_experts"));
    const moeWidth = this.view.cfg.moe_intermediate_size;
    if (experts !== undefined && typeof experts.value === "number" && experts.value > 1 && moeWidth != null) {
      this.acceptSize("d_ffn", moeWidth, "config", `${this.view.prefix}moe_intermediate_size`);
      return;
    }
    const hit = this.lookup(this.aliases("d_ffn"));
    if (hit !== undefined) {
      if (rule.kind === "halved") {
        const problem = sizeProblem(hit.value, FIELD_BOUNDS.d_ffn * 2);
        if (problem === null && (hit.value as number) % 2 === 0) {
          this.set("d_ffn", (hit.value as number) / 2, "computed", `${hit.source}/2`);
        } else {
          this.sources.d_ffn = hit.source;
          const why = problem ?? "is odd, but holds a fused gate+up width";
          this.warn(
            "d_ffn",
            hit.value,
            `${this.file}: ${hit.source} = ${fmt(hit.value)} ${why}; d_ffn set to null`,
          );
        }
        return;
      }
      this.acceptSize("d_ffn", hit.value, hit.provenance, hit.source);
      return;
    }
    const d = this.s.d_model;
    const dSrc = this.sources.d_model;
    if (d === null || dSrc === undefined) return;
    const { cfg, prefix } = this.view;
    if (rule.kind === "times-d-model") {
      this.acceptSize("d_ffn", rule.factor * d, "computed", `${rule.factor}*${dSrc}`);
    } else if (rule.kind === "ratio-key") {
      const r = cfg[rule.key];
      const ok = typeof r === "number" && r > 0;
      const width = Math.round((ok ? r : rule.fallback) * d);
      this.acceptSize("d_ffn", width, "computed", `${ok ? prefix + rule.key : rule.fallback}*${dSrc}`);
    } else if (rule.kind === "halved" && rule.ratioKey !== undefined) {
      const r = cfg[rule.ratioKey];
      if (typeof r === "number" && r > 0) {
        this.acceptSize("d_ffn", Math.round((r * d) / 2), "computed", `${prefix}${rule.ratioKey}*${dSrc}/2`);
      }
    }
  }

  private readKvHeads(): void {
    if (this.traits.attentionFree) return;
    const { cfg, prefix } = this.view;
    const mqKey =
      cfg.multi_query === true
        ? "multi_query"
        : cfg.multi_query_attention === true
          ? "multi_query_attention"
          : null;
    if (this.family === "falcon") {
      // RWConfig / FalconConfig: the new decoder architecture (Falcon-40B/180B; implied by model_type
      // "RefinedWeb") reads n_head_kv / num_kv_heads; otherwise multi_query means a single KV head.
      const newArch =
        cfg.new_decoder_architecture === true || this.s.model_type?.toLowerCase() === "refinedweb";
      if (!newArch) {
        if (mqKey !== null) this.set("kv_heads", 1, "computed", prefix + mqKey);
        else if (this.s.heads !== null && this.sources.heads)
          this.set("kv_heads", this.s.heads, "computed", this.sources.heads);
        return;
      }
    }
    const hit = this.lookup(this.aliases("kv_heads"));
    if (hit !== undefined) {
      this.acceptSize("kv_heads", hit.value, hit.provenance, hit.source);
    } else if (mqKey !== null) {
      this.set("kv_heads", 1, "computed", prefix + mqKey);
    } else if (this.s.heads !== null && this.sources.heads !== undefined) {
      this.set("kv_heads", this.s.heads, "computed", this.sources.heads);
    }
  }

  private readMoe(): void {
    const hit = this.lookup(this.aliases("moe_experts"));
    // 0 or 1 expert is a dense model that happens to carry the key.
    if (hit === undefined || hit.value === 0 || hit.value === 1) return;
    const experts = this.acceptSize("moe_experts", hit.value, hit.provenance, hit.source);
    if (experts === null) return;
    const active = this.readSize("moe_active_experts");
    if (active !== null && active > experts) {
      this.s.moe_active_experts = null;
      delete this.provenance.moe_active_experts;
      this.warn(
        "moe_active_experts",
        active,
        `${this.file}: ${this.sources.moe_active_experts} = ${active} exceeds the ${experts} experts; moe_active_experts set to null`,
      );
    }
  }

  // --- checks and estimate -------------------------------------------------------------------

  private checkConsistency(): void {
    const { s, file } = this;
    const { cfg } = this.view;
    const explicitHeadDim =
      HEAD_DIM_KEYS.some((k) => typeof cfg[k] === "number") || typeof cfg.kv_lora_rank === "number";
    if (s.heads !== null && s.d_model !== null && !explicitHeadDim && s.d_model % s.heads !== 0) {
      this.warn(
        "heads",
        s.heads,
        `${file}: ${this.sources.heads} = ${s.heads} does not divide ${this.sources.d_model} = ${s.d_model} and no head_dim is given (kept)`,
      );
    }
    if (s.heads !== null && s.kv_heads !== null) {
      if (s.kv_heads > s.heads) {
        this.warn(
          "kv_heads",
          s.kv_heads,
          `${file}: ${this.sources.kv_heads} = ${s.kv_heads} exceeds ${this.sources.heads} = ${s.heads}; kv_heads set to null`,
        );
        s.kv_heads = null;
        delete this.provenance.kv_heads;
      } else if (s.heads % s.kv_heads !== 0) {
        this.warn(
          "kv_heads",
          s.kv_heads,
          `${file}: ${this.sources.kv_heads} = ${s.kv_heads} does not divide ${this.sources.heads} = ${s.heads} (kept)`,
        );
      }
    }
    if (s.d_ffn !== null && s.d_model !== null && s.d_ffn > MAX_FFN_TO_D_MODEL_RATIO * s.d_model) {
      this.warn(
        "d_ffn",
        s.d_ffn,
        `${file}: ${this.sources.d_ffn} = ${s.d_ffn} is more than ${MAX_FFN_TO_D_MODEL_RATIO}x d_model ${s.d_model}; d_ffn set to null`,
      );
      s.d_ffn = null;
      delete this.provenance.d_ffn;
    }
  }

  private estimate(): void {
    const params = estimateParams(this.s, this.estimateOptions());
    if (params === null) return;
    if (params > MAX_PARAMS_B) {
      this.warn(
        "params_b",
        params,
        `${this.file}: estimated ${params.toFixed(0)}B parameters exceeds ${MAX_PARAMS_B}B; params_b set to null`,
      );
      return;
    }
    this.set("params_b", Math.round(params * 1e4) / 1e4, "estimated", "estimateParams");
  }

  private estimateOptions(): EstimateOptions {
    const { raw, traits } = this;
    const { cfg } = this.view;
    const num = (v: unknown): number | null =>
      typeof v === "number" && Number.isFinite(v) && v > 0 ? v : null;
    const tie = [cfg.tie_word_embeddings, cfg.weight_tying, raw.tie_word_embeddings].find(
      (v) => typeof v === "boolean",
    );
    const ffProj = cfg.feed_forward_proj;
    const gatedT5 = cfg.is_gated_act === true || (typeof ffProj === "string" && ffProj.startsWith("gated-"));
    const opts: EstimateOptions = {
      tiedEmbeddings: typeof tie === "boolean" ? tie : traits.tiedByDefault,
      gatedMlp: traits.body === "encoder-decoder" ? gatedT5 : traits.gatedMlp,
      headDim: num(cfg.head_dim) ?? num(cfg.kv_channels) ?? num(cfg.d_kv),
      learnedPositions: traits.learnedPositions === true,
      body: traits.body,
    };
    if (traits.body === "encoder-decoder") opts.encoderLayers = num(cfg.num_layers);
    if (this.s.moe_experts !== null) {
      const moeWidth = this.sources.d_ffn?.endsWith("moe_intermediate_size") === true;
      opts.denseLayers =
        num(cfg.first_k_dense_replace) ??
        (Array.isArray(cfg.mlp_only_layers) ? cfg.mlp_only_layers.length : 0);
      opts.denseFfn = moeWidth ? num(cfg.intermediate_size) : null;
      const shared = num(cfg.shared_expert_intermediate_size);
      const nShared = num(cfg.n_shared_experts);
      opts.sharedExpertFfn =
        shared ?? (nShared !== null && this.s.d_ffn !== null ? nShared * this.s.d_ffn : null);
    }
    const kvLora = num(cfg.kv_lora_rank);
    const nope = num(cfg.qk_nope_head_dim);
    const rope = num(cfg.qk_rope_head_dim);
    const vHead = num(cfg.v_head_dim);
    if (kvLora !== null && nope !== null && rope !== null && vHead !== null) {
      opts.mla = {
        qLoraRank: num(cfg.q_lora_rank),
        kvLoraRank: kvLora,
        qkNopeHeadDim: nope,
        qkRopeHeadDim: rope,
        vHeadDim: vHead,
      };
    }
    if (traits.body === "rwkv") opts.attentionHidden = num(cfg.attention_hidden_size);
    if (traits.body === "mamba") {
      opts.ssm = {
        stateSize: num(cfg.state_size),
        dtRank: num(cfg.time_step_rank),
        convKernel: num(cfg.conv_kernel),
      };
    }
    const vision = raw.vision_config;
    if (isObject(vision)) {
      const layers = num(vision.num_hidden_layers);
      const d = num(vision.hidden_size);
      const ffn = num(vision.intermediate_size);
      if (layers !== null && d !== null && ffn !== null) opts.vision = { layers, d_model: d, d_ffn: ffn };
    }
    return opts;
  }

  // --- recording -----------------------------------------------------------------------------

  private set<K extends keyof Structure>(
    field: K,
    value: Structure[K],
    prov: Provenance,
    source: string,
  ): void {
    this.s[field] = value;
    this.provenance[field] = prov;
    this.sources[field] = source;
  }

  private warn(field: StructureWarning["field"], value: unknown, message: string): void {
    this.warnings.push({ field, value, message });
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function getPath(obj: Json, path: string): unknown {
  if (!path.includes(".")) return obj[path];
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a JSON array";
  return `a ${typeof v}`;
}

function fmt(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString("en-US") : String(v);
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
