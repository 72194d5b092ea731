/**
 * LoRA training step vs PyTorch CPU on a random checkpoint shaped like Qwen2-0.5B (24 layers, d 896,
 * ffn 4864, 14 heads, 2 KV heads, vocab 151936, tied; BF16 on disk), LoRA rank 8 / alpha 16 on all seven
 * projections of every layer. One step = forward + backward of a batch (loss on the answer half of each
 * sequence), gradient clipping and an AdamW update of the adapters; the base stays frozen. PyTorch runs
 * src/probe/lora/reference/lora_step.py (plain torch, autograd, torch.optim.AdamW, the batch as one
 * (B, T) tensor) with 2 threads, on the same weights, adapters and tokens, in the same run.
 * Run: node --import tsx bench/lora.bench.ts [--tokens 128] [--batch 2] [--reps 1]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AdamW, clipGradNorm } from "../src/probe/lora/adamw.ts";
import { createLoraAdapters } from "../src/probe/lora/adapters.ts";
import { loraForwardBackward } from "../src/probe/lora/forward-backward.ts";
import { saveAdapters } from "../src/probe/lora/peft.ts";
import { runLoraReference, torchUnavailableReason } from "../src/probe/lora/reference/run-lora-reference.ts";
import { loadModel } from "../src/probe/model/model.ts";
import { writeRandomCheckpoint } from "../src/probe/model/random-checkpoint.ts";
import { backendInfo } from "../src/probe/tensor/index.ts";
import { QWEN2_05B_SPEC, tokenIds } from "../src/probe/testing/fixtures.ts";

const { values } = parseArgs({
  options: {
    tokens: { type: "string", default: "128" },
    batch: { type: "string", default: "2" },
    reps: { type: "string", default: "1" },
  },
});
const T = Number(values.tokens);
const B = Number(values.batch);
const reps = Number(values.reps);
const answerStart = Math.floor(T / 2);
const dir = mkdtempSync(join(tmpdir(), "strata-bench-lora-"));
const now = () => performance.now() / 1000;

try {
  let t0 = now();
  const modelDir = join(dir, "model");
  writeRandomCheckpoint(modelDir, QWEN2_05B_SPEC);
  console.log(`random Qwen2-0.5B-shaped checkpoint (BF16) written in ${(now() - t0).toFixed(1)} s`);
  const model = loadModel(modelDir, { caching: "f32" });
  const info = backendInfo(model.backend);
  const adapters = createLoraAdapters(model.config, { rank: 8, alpha: 16 }, 1);
  const adapterDir = join(dir, "adapters");
  saveAdapters(adapterDir, adapters, modelDir);
  const batch = Array.from({ length: B }, (_, i) => ({
    ids: tokenIds(T, QWEN2_05B_SPEC.vocabSize, 11 + i),
    answerStart,
  }));
  console.log(
    `Strata backend: ${info.backend} (${info.libraryPath ?? "pure TS"}, ${info.threads} threads); batch ${B} x ${T} tokens; ` +
      `${adapters.parameterCount().toLocaleString("en-US")} trainable LoRA parameters`,
  );
  const params = adapters.parameters();
  const opt = new AdamW(params);
  const step = () => {
    adapters.zeroGrad();
    const r = loraForwardBackward(model, adapters, batch);
    clipGradNorm(params, 1);
    opt.step(1e-4);
    return r.loss;
  };
  step(); // widens the weights and warms up
  t0 = now();
  for (let r = 0; r < reps; r++) step();
  const sStrata = (now() - t0) / reps;
  const tokens = B * T;

  const why = torchUnavailableReason();
  let sTorch: number | null = null;
  if (why) console.log(`(PyTorch column skipped: ${why})`);
  else {
    const ref = runLoraReference<{ step_s: number; tokens: number }>({
      model: modelDir,
      adapters: adapterDir,
      batch: batch.map((s) => ({ ids: Array.from(s.ids), answer_start: s.answerStart })),
      lr: 1e-4,
      max_grad_norm: 1,
      bench: { reps },
      threads: 2,
    });
    sTorch = ref.step_s;
  }
  console.log("\n                              Strata        PyTorch       Strata/PyTorch speed");
  const fmt = (s: number) => `${(tokens / s).toFixed(1)} tok/s`;
  console.log(
    `${"LoRA training step".padEnd(30)}${fmt(sStrata).padEnd(14)}${(sTorch === null ? "-" : fmt(sTorch)).padEnd(14)}${sTorch === null ? "-" : `${(sTorch / sStrata).toFixed(2)}x`}`,
  );
  console.log(
    `(one step: forward + backward of ${tokens} tokens, answer-only loss on ${B * (T - answerStart)}, clip, AdamW; ${(sStrata).toFixed(1)} s vs ${sTorch === null ? "-" : `${sTorch.toFixed(1)} s`})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
