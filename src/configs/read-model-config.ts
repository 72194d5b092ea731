import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  ConfigError,
  entryShape,
  type NormalizedConfig,
  type RawSafetensorsHeader,
  readRawSafetensorsHeader,
  SafetensorsError,
} from "../contracts/index.ts";
import { lineColumn, locateJsonError } from "./json-position.ts";
import { normalizeConfig } from "./normalize-config.ts";

/** A config.json larger than this is not a config (the largest real ones are a few hundred KB). */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
/** Estimates further than this from an exact safetensors count are flagged. */
export const PARAMS_MISMATCH_TOLERANCE = 0.1;

const BYTES_PER_DTYPE: Record<string, number> = {
  float32: 4,
  float: 4,
  float16: 2,
  half: 2,
  bfloat16: 2,
  float64: 8,
  int8: 1,
};

export interface ModelConfigResult {
  /** The config.json that was read. */
  file: string;
  normalized: NormalizedConfig;
}

/**
 * Reads and normalizes a config.json, given the file or a model folder holding one. When the folder also
 * holds safetensors weights, params_b is replaced by the exact count: the sum of tensor sizes in the
 * safetensors headers (all shards present), else model.safetensors.index.json metadata.total_size divided
 * by the bytes of config torch_dtype. That count has provenance "hub" (it is what the Hub's safetensors
 * metadata reports; a tied lm_head stored twice is counted twice).
 */
export async function readModelConfig(path: string): Promise<ModelConfigResult> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new ConfigError(`${path}: no such file or folder`, path);
  }
  const folder = info.isDirectory() ? path : null;
  const file = folder !== null ? join(folder, "config.json") : path;
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new ConfigError(`${folder}: folder has no config.json`, file);
  }
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigError(
      `${file}: ${size} bytes is too large for a config.json (limit ${MAX_CONFIG_BYTES})`,
      file,
    );
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(`${file}: cannot read the file (${code})`, file);
  }
  const raw = parseJson(text, file);
  const normalized = normalizeConfig(raw, { file });
  if (folder !== null) await applyWeightsCount(folder, raw, normalized);
  return { file, normalized };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const offset = locateJsonError(text) ?? 0;
    const { line, column } = lineColumn(text, offset);
    // V8 echoes the input after the message ("..., "{"a":}" is not valid JSON"): keep only the reason.
    const reason = (err as Error).message
      .replace(/, ".*" is not valid JSON$/s, "")
      .replace(/ in JSON at position \d+$/, "");
    throw new ConfigError(
      `${file}: not valid JSON at line ${line}, column ${column} (offset ${offset}): ${reason}`,
      file,
    );
  }
}

async function applyWeightsCount(folder: string, raw: unknown, normalized: NormalizedConfig): Promise<void> {
  const counted = await countFromWeights(folder, raw);
  if (counted === null) return;
  const { structure, provenance, sources, warnings } = normalized;
  const estimate = structure.params_b;
  const exact = Math.round((counted.params / 1e9) * 1e4) / 1e4;
  if (estimate !== null && Math.abs(estimate - exact) > PARAMS_MISMATCH_TOLERANCE * exact) {
    warnings.push({
      field: "params_b",
      value: estimate,
      message: `${folder}: structure estimate ${estimate}B differs from the ${counted.source} count ${exact}B by more than ${PARAMS_MISMATCH_TOLERANCE * 100}%`,
    });
  }
  structure.params_b = exact;
  provenance.params_b = "hub";
  sources.params_b = counted.source;
}

async function countFromWeights(
  folder: string,
  raw: unknown,
): Promise<{ params: number; source: string } | null> {
  const names = await readdir(folder);
  const shards = names.filter((n) => n.endsWith(".safetensors")).sort();
  const indexName = "model.safetensors.index.json";
  let expected: string[] | null = null;
  let totalSize: number | null = null;
  if (names.includes(indexName)) {
    try {
      const index = JSON.parse(await readFile(join(folder, indexName), "utf8")) as {
        metadata?: { total_size?: unknown };
        weight_map?: Record<string, string>;
      };
      if (typeof index.metadata?.total_size === "number") totalSize = index.metadata.total_size;
      if (index.weight_map) expected = [...new Set(Object.values(index.weight_map))];
    } catch {
      throw new ConfigError(`${join(folder, indexName)}: not valid JSON`, join(folder, indexName));
    }
  }
  const allPresent = expected === null ? shards.length > 0 : expected.every((s) => shards.includes(s));
  if (allPresent && shards.length > 0) {
    let params = 0;
    const use = expected ?? shards;
    for (const s of use) params += await safetensorsParams(join(folder, s));
    return { params, source: use.length === 1 ? `${use[0]} header` : `${use.length} safetensors headers` };
  }
  const dtype =
    typeof raw === "object" && raw !== null ? (raw as { torch_dtype?: unknown }).torch_dtype : undefined;
  const bytes =
    typeof dtype === "string" && Object.hasOwn(BYTES_PER_DTYPE, dtype) ? BYTES_PER_DTYPE[dtype] : undefined;
  if (totalSize !== null && bytes !== undefined) {
    return { params: totalSize / bytes, source: `${indexName} metadata.total_size / ${bytes} (${dtype})` };
  }
  return null;
}

/** Sum of element counts of every tensor in a safetensors file's header. */
export async function safetensorsParams(file: string): Promise<number> {
  let raw: RawSafetensorsHeader;
  try {
    raw = readRawSafetensorsHeader(file);
  } catch (err) {
    if (err instanceof SafetensorsError) throw new ConfigError(err.message, file);
    throw err;
  }
  let total = 0;
  for (const [name, entry] of raw.entries) {
    const shape = entryShape(entry);
    if (shape === null) throw new ConfigError(`${file}: tensor '${name}' has no valid shape`, file, name);
    total += shape.reduce((a, b) => a * b, 1);
  }
  return total;
}
