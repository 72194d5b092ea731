import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.ts";
import { loadModel } from "../model/model.ts";
import { indexTensors } from "../model/weights.ts";
import { tokenIds, writeTinyCheckpoints } from "../testing/fixtures.ts";
import { parseLayerList, pruneLayers } from "./prune-layers.ts";

const fx = writeTinyCheckpoints();
afterAll(() => fx.cleanup());

describe("parseLayerList", () => {
  it("expands ranges and lists, sorted and unique", () => {
    expect(parseLayerList("21-29")).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(parseLayerList("5, 1,3-4,4")).toEqual([1, 3, 4, 5]);
    expect(() => parseLayerList("3-1")).toThrow(/backwards/);
    expect(() => parseLayerList("a")).toThrow(ModelError);
  });
});

describe("pruneLayers", () => {
  it.each([
    ["qwen2-f32-tied-bias-gqa", [1, 2]],
    ["mistral-bf16-sharded-gqa", [0]],
    ["qwen2-f16-sharded-untied", [1]],
  ] as const)("%s without layers %j runs exactly like the original skipping them", (name, remove) => {
    const dir = fx.dirs[name] as string;
    writeFileSync(join(dir, "tokenizer.json"), '{"model":{}}');
    const out = join(fx.root, `${name}-pruned`);
    const r = pruneLayers(dir, [...remove], out);
    const original = loadModel(dir, { backend: "typescript", skipLayers: [...remove] });
    const pruned = loadModel(out, { backend: "typescript" });
    expect(pruned.config.layers).toBe(original.config.layers - remove.length);
    expect(r.kept).toEqual(original.activeLayers);
    const ids = tokenIds(9, pruned.config.vocabSize);
    const a = original.forward(ids, { hidden: true });
    const b = pruned.forward(ids, { hidden: true });
    expect(Array.from(b.logits)).toEqual(Array.from(a.logits));
    expect(b.hidden?.map((h) => Array.from(h))).toEqual(a.hidden?.map((h) => Array.from(h)));
    // Stored dtype kept, names contiguous, tokenizer copied.
    const before = indexTensors(dir).tensors;
    const after = indexTensors(out).tensors;
    const perLayer = [...before.keys()].filter((k) => k.startsWith("model.layers.0.")).length;
    expect(after.size).toBe(before.size - remove.length * perLayer);
    for (const t of after.values()) expect(t.dtype).toBe(before.get("model.norm.weight")?.dtype);
    const maxLayer = Math.max(
      ...[...after.keys()].map((k) => Number(/^model\.layers\.(\d+)\./.exec(k)?.[1] ?? -1)),
    );
    expect(maxLayer).toBe(pruned.config.layers - 1);
    expect(readFileSync(join(out, "tokenizer.json"), "utf8")).toBe('{"model":{}}');
    expect(existsSync(join(out, "model.safetensors.index.json"))).toBe(
      r.files.includes("model.safetensors.index.json"),
    );
  });

  it("filters per-layer config lists (layer_types) and refuses bad requests", () => {
    const dir = fx.dirs["llama-f32-single-untied"] as string;
    const cfgPath = join(dir, "config.json");
    const cfg = JSON.parse(readFileSync(cfgPath, "utf8"));
    writeFileSync(
      cfgPath,
      JSON.stringify({ ...cfg, layer_types: ["full_attention", "sliding_attention", "x2"] }),
    );
    const out = join(fx.root, "llama-pruned");
    const r = pruneLayers(dir, [1], out);
    const outCfg = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
    expect(outCfg.num_hidden_layers).toBe(2);
    expect(outCfg.layer_types).toEqual(["full_attention", "x2"]);
    expect(r.filteredConfigLists).toEqual(["layer_types"]);
    expect(() => pruneLayers(dir, [3], join(fx.root, "x1"))).toThrow(/out of range 0..2/);
    expect(() => pruneLayers(dir, [0, 1, 2], join(fx.root, "x2"))).toThrow(/cannot remove all/);
    expect(() => pruneLayers(dir, [0], out)).toThrow(/not empty/);
    expect(() => pruneLayers(dir, [0], dir)).toThrow(/must differ/);
  });
});
