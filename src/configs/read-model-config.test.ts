import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../contracts/index.ts";
import { readModelConfig, safetensorsParams } from "./read-model-config.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "strata-config-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, body] of Object.entries(files)) writeFileSync(join(dir, f), body);
  return dir;
}

/** A real safetensors file: u64 header length, JSON header, then the (zero) tensor bytes. */
function safetensors(tensors: Record<string, number[]>): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  let offset = 0;
  for (const [name, shape] of Object.entries(tensors)) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 2;
    header[name] = { dtype: "BF16", shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, Buffer.alloc(offset)]);
}

async function rejection(path: string): Promise<ConfigError> {
  try {
    await readModelConfig(path);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

const llama = readFileSync(join(FIXTURES, "llama-2-7b.json"), "utf8");

describe("readModelConfig", () => {
  it("reads a config.json path or a folder holding one", async () => {
    const byFile = await readModelConfig(join(FIXTURES, "mistral-7b-v0.1.json"));
    expect(byFile.file).toBe(join(FIXTURES, "mistral-7b-v0.1.json"));
    expect(byFile.normalized.structure.kv_heads).toBe(8);
    const dir = folder("llama", { "config.json": llama });
    const byDir = await readModelConfig(dir);
    expect(byDir.file).toBe(join(dir, "config.json"));
    expect(byDir.normalized.structure.layers).toBe(32);
    expect(byDir.normalized.provenance.params_b).toBe("estimated");
  });

  it("names the missing file or folder", async () => {
    expect((await rejection(join(tmp, "nope"))).message).toBe(`${join(tmp, "nope")}: no such file or folder`);
    const empty = folder("empty", {});
    expect((await rejection(empty)).message).toBe(`${empty}: folder has no config.json`);
  });

  it("reports where the JSON breaks (line, column, offset)", async () => {
    const dir = folder("broken", {
      "config.json": '{\n  "hidden_size": 4096,\n  "n_layer": 12\n  "vocab_size": 5\n}',
    });
    const e = await rejection(dir);
    expect(e.message).toBe(
      `${join(dir, "config.json")}: not valid JSON at line 4, column 3 (offset 43): Expected ',' or '}' after property value`,
    );
    const dir2 = folder("broken2", { "config.json": '{"a":}' });
    expect((await rejection(dir2)).message).toBe(
      `${join(dir2, "config.json")}: not valid JSON at line 1, column 6 (offset 5): Unexpected token '}'`,
    );
  });

  it("rejects JSON that is not a model config, naming the file", async () => {
    const dir = folder("array", { "config.json": "[1, 2]" });
    expect((await rejection(dir)).message).toBe(
      `${join(dir, "config.json")}: not a model config: expected a JSON object, got a JSON array`,
    );
  });

  it("uses the exact count from safetensors headers when the weights are present", async () => {
    const tiny = {
      model_type: "llama",
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      vocab_size: 100,
      tie_word_embeddings: false,
    };
    const tensors: Record<string, number[]> = {
      "model.embed_tokens.weight": [100, 64],
      "lm_head.weight": [100, 64],
      "model.norm.weight": [64],
    };
    for (let l = 0; l < 2; l++) {
      for (const p of ["q", "k", "v", "o"])
        tensors[`model.layers.${l}.self_attn.${p}_proj.weight`] = [64, 64];
      tensors[`model.layers.${l}.mlp.gate_proj.weight`] = [128, 64];
      tensors[`model.layers.${l}.mlp.up_proj.weight`] = [128, 64];
      tensors[`model.layers.${l}.mlp.down_proj.weight`] = [64, 128];
      tensors[`model.layers.${l}.input_layernorm.weight`] = [64];
      tensors[`model.layers.${l}.post_attention_layernorm.weight`] = [64];
    }
    const exact = Object.values(tensors).reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
    const dir = folder("weights", {
      "config.json": JSON.stringify(tiny),
      "model.safetensors": safetensors(tensors),
    });
    expect(await safetensorsParams(join(dir, "model.safetensors"))).toBe(exact);
    const r = await readModelConfig(dir);
    expect(r.normalized.structure.params_b).toBe(Math.round((exact / 1e9) * 1e4) / 1e4);
    expect(r.normalized.provenance.params_b).toBe("hub");
    expect(r.normalized.sources.params_b).toBe("model.safetensors header");
    // the structure estimate agrees with the checkpoint for a llama layout
    expect(r.normalized.warnings).toEqual([]);
  });

  it("falls back to the index's total_size / dtype bytes when shards are absent", async () => {
    const index = {
      metadata: { total_size: 13_476_839_424 },
      weight_map: { a: "model-00001-of-00002.safetensors", b: "model-00002-of-00002.safetensors" },
    };
    const dir = folder("index", {
      "config.json": llama,
      "model.safetensors.index.json": JSON.stringify(index),
    });
    const r = await readModelConfig(dir);
    expect(r.normalized.structure.params_b).toBe(6.7384);
    expect(r.normalized.sources.params_b).toBe(
      "model.safetensors.index.json metadata.total_size / 2 (float16)",
    );
  });

  it("flags an estimate far from the checkpoint count", async () => {
    const index = { metadata: { total_size: 2 * 20e9 }, weight_map: { a: "x.safetensors" } };
    const dir = folder("mismatch", {
      "config.json": llama,
      "model.safetensors.index.json": JSON.stringify(index),
    });
    const r = await readModelConfig(dir);
    expect(r.normalized.structure.params_b).toBe(20);
    expect(r.normalized.warnings[0]?.field).toBe("params_b");
    expect(r.normalized.warnings[0]?.message).toContain("differs from the model.safetensors.index.json");
  });
});
