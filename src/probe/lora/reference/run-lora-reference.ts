import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { REFERENCE_PYTHON } from "../../reference/run-reference.ts";

export { torchUnavailableReason } from "../../reference/run-reference.ts";

const SCRIPT = fileURLToPath(new URL("./lora_step.py", import.meta.url));

export interface LoraReferenceRequest {
  model: string;
  /** A folder with adapter_config.json and adapter_model.safetensors (PEFT's layout). */
  adapters: string;
  batch: { ids: number[]; answer_start: number }[];
  lr?: number;
  weight_decay?: number;
  eps?: number;
  max_grad_norm?: number;
  bench?: { reps: number };
  threads?: number;
}

export interface LoraReferenceAnswer {
  loss: number;
  grad_norm?: number;
  /** Keyed "<module path>.lora_A" / ".lora_B", e.g. "model.layers.0.self_attn.q_proj.lora_A". */
  grads: Record<string, number[]>;
  after_step: Record<string, number[]>;
}

/** Runs lora_step.py (plain PyTorch) on a request and returns its JSON answer. */
export function runLoraReference<T = LoraReferenceAnswer>(req: LoraReferenceRequest): T {
  const dir = mkdtempSync(join(tmpdir(), "strata-lora-ref-"));
  try {
    const file = join(dir, "req.json");
    writeFileSync(file, JSON.stringify(req));
    const r = spawnSync(REFERENCE_PYTHON, [SCRIPT, file], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
      env: { ...process.env, OMP_NUM_THREADS: String(req.threads ?? 2) },
    });
    if (r.status !== 0) throw new Error(`LoRA reference failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
