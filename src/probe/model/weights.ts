import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ModelError, SafetensorsError } from "../errors.ts";
import { DTYPE_BYTES, toFloat32 } from "../safetensors/dtype.ts";
import { readSafetensorsHeader, readTensorBytes, type TensorInfo } from "../safetensors/read.ts";
import type { ModelConfig } from "./config.ts";

export const INDEX_FILE = "model.safetensors.index.json";
export const SINGLE_FILE = "model.safetensors";

/** Every tensor of a model folder, from model.safetensors or the shards its index names. */
export function indexTensors(dir: string): {
  tensors: Map<string, TensorInfo>;
  files: string[];
  sharded: boolean;
} {
  const indexPath = join(dir, INDEX_FILE);
  if (existsSync(indexPath)) {
    let index: { weight_map?: Record<string, string> };
    try {
      index = JSON.parse(readFileSync(indexPath, "utf8"));
    } catch (err) {
      throw new ModelError(`${indexPath}: cannot read index: ${(err as Error).message}`, indexPath);
    }
    const map = index.weight_map;
    if (!map || typeof map !== "object")
      throw new ModelError(`${indexPath}: weight_map is missing`, indexPath, "weight_map");
    const files = [...new Set(Object.values(map))].sort();
    const tensors = new Map<string, TensorInfo>();
    for (const f of files) {
      if (f.includes("/") || f.includes("\\") || f.startsWith(".")) {
        throw new ModelError(
          `${indexPath}: weight_map names '${f}', which is not a file in the folder`,
          indexPath,
          "weight_map",
        );
      }
      const header = readSafetensorsHeader(join(dir, f));
      for (const [name, info] of header.tensors) tensors.set(name, info);
    }
    for (const [name, f] of Object.entries(map)) {
      const info = tensors.get(name);
      if (!info || basename(info.file) !== f) {
        throw new SafetensorsError(
          `index says this tensor is in ${f} but it is not there`,
          join(dir, f),
          name,
        );
      }
    }
    return { tensors, files, sharded: true };
  }
  const single = join(dir, SINGLE_FILE);
  if (!existsSync(single)) {
    throw new ModelError(
      `${dir}: no ${SINGLE_FILE} or ${INDEX_FILE} (only safetensors checkpoints are supported)`,
      dir,
    );
  }
  return { tensors: readSafetensorsHeader(single).tensors, files: [SINGLE_FILE], sharded: false };
}

/** One decoder layer's weights, widened to float32. Biases are null when the family has none. */
export interface LayerWeights {
  inputNorm: Float32Array;
  postNorm: Float32Array;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  o: Float32Array;
  qBias: Float32Array | null;
  kBias: Float32Array | null;
  vBias: Float32Array | null;
  oBias: Float32Array | null;
  gate: Float32Array;
  up: Float32Array;
  down: Float32Array;
  gateBias: Float32Array | null;
  upBias: Float32Array | null;
  downBias: Float32Array | null;
}

export const layerPrefix = (i: number) => `model.layers.${i}.`;

/** Looks tensors up by name, checks their shapes against the config, and widens them to float32. */
export class WeightStore {
  /** Raw stored-dtype bytes kept after the first read (when keepStored). */
  private readonly stored = new Map<string, Buffer>();

  constructor(
    readonly dir: string,
    readonly tensors: Map<string, TensorInfo>,
    readonly config: ModelConfig,
    /** Keep each tensor's stored bytes in memory after first use (else re-read from disk each time). */
    readonly keepStored = false,
  ) {}

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  info(name: string, shape: number[]): TensorInfo {
    const info = this.tensors.get(name);
    if (!info) throw new ModelError(`${this.dir}: tensor '${name}' is missing from the checkpoint`, this.dir);
    if (info.shape.length !== shape.length || info.shape.some((d, i) => d !== shape[i])) {
      throw new SafetensorsError(
        `shape ${JSON.stringify(info.shape)} does not match the config's ${JSON.stringify(shape)}`,
        info.file,
        name,
      );
    }
    return info;
  }

  f32(name: string, shape: number[]): Float32Array {
    const info = this.info(name, shape);
    if (!this.keepStored) return toFloat32(readTensorBytes(info), info.dtype);
    return toFloat32(this.storedTensor(name, info), info.dtype);
  }

  /** Rows `rows` of a 2-D tensor, widened to float32 (row-major, rows.length x shape[1]). */
  f32Rows(name: string, shape: [number, number], rows: ArrayLike<number>): Float32Array {
    const info = this.info(name, shape);
    const cols = shape[1];
    const rowBytes = cols * DTYPE_BYTES[info.dtype];
    const out = new Float32Array(rows.length * cols);
    const stored = this.keepStored ? this.storedTensor(name, info) : null;
    for (let t = 0; t < rows.length; t++) {
      const r = rows[t] as number;
      const bytes = stored
        ? stored.subarray(r * rowBytes, (r + 1) * rowBytes)
        : readTensorBytes({ ...info, offset: info.offset + r * rowBytes, byteLength: rowBytes });
      out.set(toFloat32(bytes, info.dtype), t * cols);
    }
    return out;
  }

  /** The stored bytes of a tensor, read once and kept (keepStored). */
  private storedTensor(name: string, info: TensorInfo): Buffer {
    let bytes = this.stored.get(name);
    if (!bytes) {
      bytes = readTensorBytes(info);
      this.stored.set(name, bytes);
    }
    return bytes;
  }

  /** Byte size of all tensors in their stored dtype. */
  storedBytes(): number {
    let n = 0;
    for (const t of this.tensors.values()) n += t.byteLength;
    return n;
  }

  /** Byte size of all weights once widened to float32. */
  f32Bytes(): number {
    let n = 0;
    for (const t of this.tensors.values()) n += t.shape.reduce((a, b) => a * b, 1) * 4;
    return n;
  }

  layer(i: number): LayerWeights {
    const c = this.config;
    const p = layerPrefix(i);
    const qd = c.heads * c.headDim;
    const kd = c.kvHeads * c.headDim;
    const opt = (on: boolean, name: string, n: number) => (on ? this.f32(p + name, [n]) : null);
    return {
      inputNorm: this.f32(`${p}input_layernorm.weight`, [c.dModel]),
      postNorm: this.f32(`${p}post_attention_layernorm.weight`, [c.dModel]),
      q: this.f32(`${p}self_attn.q_proj.weight`, [qd, c.dModel]),
      k: this.f32(`${p}self_attn.k_proj.weight`, [kd, c.dModel]),
      v: this.f32(`${p}self_attn.v_proj.weight`, [kd, c.dModel]),
      o: this.f32(`${p}self_attn.o_proj.weight`, [c.dModel, qd]),
      qBias: opt(c.qkvBias, "self_attn.q_proj.bias", qd),
      kBias: opt(c.qkvBias, "self_attn.k_proj.bias", kd),
      vBias: opt(c.qkvBias, "self_attn.v_proj.bias", kd),
      oBias: opt(c.oBias, "self_attn.o_proj.bias", c.dModel),
      gate: this.f32(`${p}mlp.gate_proj.weight`, [c.dFfn, c.dModel]),
      up: this.f32(`${p}mlp.up_proj.weight`, [c.dFfn, c.dModel]),
      down: this.f32(`${p}mlp.down_proj.weight`, [c.dModel, c.dFfn]),
      gateBias: opt(c.mlpBias, "mlp.gate_proj.bias", c.dFfn),
      upBias: opt(c.mlpBias, "mlp.up_proj.bias", c.dFfn),
      downBias: opt(c.mlpBias, "mlp.down_proj.bias", c.dModel),
    };
  }
}
