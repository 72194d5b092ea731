import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ModelError, SafetensorsError } from "../errors.ts";
import { MATRIX_NAMES, type MatrixName } from "../model/backward.ts";
import type { ModelConfig } from "../model/config.ts";
import { readSafetensorsHeader, readTensorF32 } from "../safetensors/read.ts";
import { writeSafetensors } from "../safetensors/write.ts";
import { LoraAdapters, type LoraPair, projectionShape } from "./adapters.ts";

/** PEFT's file names (peft.utils.constants CONFIG_NAME, SAFETENSORS_WEIGHTS_NAME). */
export const PEFT_CONFIG_FILE = "adapter_config.json";
export const PEFT_WEIGHTS_FILE = "adapter_model.safetensors";

/** Hugging Face module names of the seven projections, as PEFT's target_modules lists them. */
export const PEFT_MODULES: Record<MatrixName, string> = {
  q: "self_attn.q_proj",
  k: "self_attn.k_proj",
  v: "self_attn.v_proj",
  o: "self_attn.o_proj",
  gate: "mlp.gate_proj",
  up: "mlp.up_proj",
  down: "mlp.down_proj",
};

/**
 * The tensor name PEFT saves an adapter factor under: the PeftModel's state-dict key
 * (base_model.model. + the transformers module path) with the adapter name removed.
 */
export function peftTensorName(layer: number, m: MatrixName, factor: "A" | "B"): string {
  return `base_model.model.model.layers.${layer}.${PEFT_MODULES[m]}.lora_${factor}.weight`;
}

const shortModule = (m: MatrixName) => PEFT_MODULES[m].split(".")[1] as string;

/** adapter_config.json as PEFT's LoraConfig writes it (the fields a loader reads; the rest default). */
export function peftConfig(adapters: LoraAdapters, baseModel: string): Record<string, unknown> {
  return {
    peft_type: "LORA",
    task_type: "CAUSAL_LM",
    base_model_name_or_path: baseModel,
    revision: null,
    inference_mode: true,
    r: adapters.rank,
    lora_alpha: adapters.alpha,
    lora_dropout: 0,
    target_modules: adapters.targets.map(shortModule),
    bias: "none",
    fan_in_fan_out: false,
    use_rslora: false,
    use_dora: false,
    modules_to_save: null,
    init_lora_weights: true,
    layers_to_transform: null,
    layers_pattern: null,
    rank_pattern: {},
    alpha_pattern: {},
  };
}

/** Writes DIR/adapter_config.json and DIR/adapter_model.safetensors (float32, PEFT's names). */
export function saveAdapters(dir: string, adapters: LoraAdapters, baseModel: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, PEFT_CONFIG_FILE), `${JSON.stringify(peftConfig(adapters, baseModel), null, 2)}\n`);
  const tensors = adapters.pairs.flatMap((p) => [
    {
      name: peftTensorName(p.layer, p.matrix, "A"),
      dtype: "F32" as const,
      shape: [adapters.rank, p.dIn],
      data: bytes(p.a),
    },
    {
      name: peftTensorName(p.layer, p.matrix, "B"),
      dtype: "F32" as const,
      shape: [p.dOut, adapters.rank],
      data: bytes(p.b),
    },
  ]);
  tensors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  writeSafetensors(join(dir, PEFT_WEIGHTS_FILE), tensors, { format: "pt" });
}

const bytes = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** What Strata reads from adapter_config.json. */
export interface PeftAdapterConfig {
  rank: number;
  alpha: number;
  targets: MatrixName[];
  baseModel: string | null;
}

/** Reads and checks DIR/adapter_config.json: plain LoRA (no DoRA, rsLoRA, per-module ranks or bias). */
export function readPeftConfig(dir: string): PeftAdapterConfig {
  const file = join(dir, PEFT_CONFIG_FILE);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new ModelError(`${file}: cannot read adapter config: ${(err as Error).message}`, file);
  }
  const fail = (field: string, msg: string): never => {
    throw new ModelError(`${file}: ${field}: ${msg}`, file, field);
  };
  if (raw.peft_type !== "LORA") fail("peft_type", `'${String(raw.peft_type)}' is not LORA`);
  const r = raw.r;
  if (typeof r !== "number" || !Number.isInteger(r) || r < 1)
    fail("r", `expected a positive integer, got ${JSON.stringify(r)}`);
  const alpha = raw.lora_alpha ?? 8;
  if (typeof alpha !== "number" || !(alpha > 0))
    fail("lora_alpha", `expected a positive number, got ${JSON.stringify(alpha)}`);
  for (const field of ["use_rslora", "use_dora", "fan_in_fan_out"]) {
    if (raw[field] === true) fail(field, "is not supported (plain LoRA only)");
  }
  if (raw.bias !== undefined && raw.bias !== "none")
    fail("bias", `'${String(raw.bias)}' is not supported (only none)`);
  for (const field of ["rank_pattern", "alpha_pattern"]) {
    const v = raw[field];
    if (v && typeof v === "object" && Object.keys(v).length > 0)
      fail(field, "per-module ranks are not supported");
  }
  const tm = raw.target_modules;
  const names = typeof tm === "string" ? [tm] : Array.isArray(tm) ? tm.map(String) : [];
  const all = names.includes("all-linear");
  const targets = MATRIX_NAMES.filter(
    (m) => all || names.includes(shortModule(m)) || names.includes(PEFT_MODULES[m]),
  );
  if (targets.length === 0)
    fail("target_modules", `${JSON.stringify(tm)} names none of ${MATRIX_NAMES.map(shortModule).join(", ")}`);
  const base = raw.base_model_name_or_path;
  return {
    rank: r as number,
    alpha: alpha as number,
    targets,
    baseModel: typeof base === "string" ? base : null,
  };
}

/**
 * Loads adapters saved by PEFT (or saveAdapters) for a model of `config`. Every adapted layer must hold
 * both factors with the config's shapes; a tensor for a projection Strata does not adapt is an error.
 */
export function loadAdapters(dir: string, config: ModelConfig): LoraAdapters {
  const cfg = readPeftConfig(dir);
  const file = join(dir, PEFT_WEIGHTS_FILE);
  const { tensors } = readSafetensorsHeader(file);
  const pairs: LoraPair[] = [];
  const used = new Set<string>();
  for (let layer = 0; layer < config.layers; layer++) {
    for (const matrix of cfg.targets) {
      const { dIn, dOut } = projectionShape(config, matrix);
      const nameA = peftTensorName(layer, matrix, "A");
      const nameB = peftTensorName(layer, matrix, "B");
      const infoA = tensors.get(nameA);
      const infoB = tensors.get(nameB);
      if (!infoA && !infoB) continue;
      if (!infoA || !infoB)
        throw new SafetensorsError("has only one of lora_A and lora_B", file, infoA ? nameB : nameA);
      for (const [name, info, shape] of [
        [nameA, infoA, [cfg.rank, dIn]],
        [nameB, infoB, [dOut, cfg.rank]],
      ] as const) {
        if (info.shape.length !== 2 || info.shape[0] !== shape[0] || info.shape[1] !== shape[1]) {
          throw new SafetensorsError(
            `shape ${JSON.stringify(info.shape)} does not match the model's ${JSON.stringify(shape)}`,
            file,
            name,
          );
        }
        used.add(name);
      }
      const a = readTensorF32(infoA);
      const b = readTensorF32(infoB);
      pairs.push({
        layer,
        matrix,
        dIn,
        dOut,
        a,
        b,
        gA: new Float32Array(a.length),
        gB: new Float32Array(b.length),
      });
    }
  }
  for (const name of tensors.keys()) {
    if (!used.has(name)) throw new SafetensorsError("is not a LoRA factor of this model", file, name);
  }
  if (pairs.length === 0) throw new SafetensorsError("holds no LoRA factor", file);
  return new LoraAdapters(config, cfg.rank, cfg.alpha, pairs);
}
