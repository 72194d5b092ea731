import { fileURLToPath } from "node:url";
import { runPythonReference } from "../../reference/run-reference.ts";

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
  return runPythonReference<T>(SCRIPT, req, req.threads);
}
