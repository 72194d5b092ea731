import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadModel } from "../model/model.ts";
import { readSafetensorsHeader } from "../safetensors/read.ts";
import { TINY_SPECS, writeTinyCheckpoints } from "../testing/fixtures.ts";
import { createLoraAdapters } from "./adapters.ts";
import { loadAdapters, PEFT_CONFIG_FILE, PEFT_WEIGHTS_FILE, saveAdapters } from "./peft.ts";
import { randomizeB } from "./testing.ts";

const fx = writeTinyCheckpoints();
const out = mkdtempSync(join(tmpdir(), "strata-peft-"));
afterAll(() => {
  fx.cleanup();
  rmSync(out, { recursive: true, force: true });
});

describe("PEFT adapter files", () => {
  const name = "qwen2-f32-tied-bias-gqa";
  const spec = TINY_SPECS[name] as (typeof TINY_SPECS)[string];
  const model = loadModel(fx.dirs[name] as string);

  it("write PEFT's tensor names and config, and read back the same values", () => {
    const ad = createLoraAdapters(model.config, { rank: 4, alpha: 8 }, 3);
    randomizeB(ad, 4);
    const dir = join(out, "rt");
    saveAdapters(dir, ad, model.dir);
    const cfg = JSON.parse(readFileSync(join(dir, PEFT_CONFIG_FILE), "utf8"));
    expect(cfg).toMatchObject({
      peft_type: "LORA",
      task_type: "CAUSAL_LM",
      r: 4,
      lora_alpha: 8,
      bias: "none",
      base_model_name_or_path: model.dir,
      target_modules: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    });
    const { tensors } = readSafetensorsHeader(join(dir, PEFT_WEIGHTS_FILE));
    expect(tensors.size).toBe(spec.layers * 7 * 2);
    const hd = spec.dModel / spec.heads;
    expect(tensors.get("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight")?.shape).toEqual([
      4,
      spec.dModel,
    ]);
    expect(tensors.get("base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight")?.shape).toEqual([
      spec.kvHeads * hd,
      4,
    ]);
    expect(
      tensors.get(`base_model.model.model.layers.${spec.layers - 1}.mlp.down_proj.lora_A.weight`)?.shape,
    ).toEqual([4, spec.dFfn]);
    expect(tensors.get("base_model.model.model.layers.1.mlp.gate_proj.lora_B.weight")?.dtype).toBe("F32");
    const back = loadAdapters(dir, model.config);
    expect(back.rank).toBe(4);
    expect(back.scale).toBe(2);
    expect(back.pairs.length).toBe(ad.pairs.length);
    for (const p of ad.pairs) {
      const q = back.get(p.layer, p.matrix);
      expect(q?.a).toEqual(p.a);
      expect(q?.b).toEqual(p.b);
    }
  });

  it("read a subset of target modules, and reject what plain LoRA cannot be", () => {
    const ad = createLoraAdapters(model.config, { rank: 2, alpha: 2, targets: ["q", "v"] }, 1);
    const dir = join(out, "qv");
    saveAdapters(dir, ad, "some/base");
    const back = loadAdapters(dir, model.config);
    expect(back.targets).toEqual(["q", "v"]);
    expect(back.pairs.length).toBe(spec.layers * 2);
    const cfgFile = join(dir, PEFT_CONFIG_FILE);
    const cfg = JSON.parse(readFileSync(cfgFile, "utf8"));
    writeFileSync(cfgFile, JSON.stringify({ ...cfg, use_dora: true }));
    expect(() => loadAdapters(dir, model.config)).toThrow(/use_dora: is not supported/);
    writeFileSync(cfgFile, JSON.stringify({ ...cfg, r: 3 }));
    expect(() => loadAdapters(dir, model.config)).toThrow(
      /lora_A.weight.*does not match the model's \[3,48\]/,
    );
  });

  it("refuse adapters of another model's shape", () => {
    const other = loadModel(fx.dirs["llama-f32-single-untied"] as string);
    const dir = join(out, "shape");
    saveAdapters(dir, createLoraAdapters(model.config, { rank: 2, alpha: 4 }, 1), model.dir);
    expect(() => loadAdapters(dir, other.config)).toThrow(/does not match the model's/);
  });
});
