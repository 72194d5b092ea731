import { emptyRecord, type ModelKind, type ModelRecord } from "../contracts/index.ts";
import { createRng, randNormal } from "./random.ts";

/**
 * Synthetic leaderboard records for tests: `bases` base models with distinct structures, each with
 * fine-tunes/merges that share its structure, scores driven by size, depth, FFN width and date plus
 * noise (fine-tunes a little above their base), submission dates spread over 2023-06 .. 2024-05.
 */
export function syntheticRecords(
  opts: { bases?: number; perBase?: number; seed?: number } = {},
): ModelRecord[] {
  const rng = createRng(opts.seed ?? 1);
  const bases = opts.bases ?? 24;
  const perBase = opts.perBase ?? 8;
  const out: ModelRecord[] = [];
  for (let b = 0; b < bases; b++) {
    const layers = [12, 16, 24, 28, 32, 40, 48, 60, 80][Math.floor(rng() * 9)] as number;
    const dModel = [768, 1024, 2048, 2560, 3072, 4096, 5120, 8192][Math.floor(rng() * 8)] as number;
    const heads = Math.max(8, dModel / 128);
    const dFfn = Math.round((dModel * (2.5 + rng() * 1.5)) / 64) * 64;
    const vocab = [32000, 50257, 65024, 151936][Math.floor(rng() * 4)] as number;
    const params = (12 * layers * dModel * dModel + vocab * dModel) / 1e9;
    const baseMonth = 5 + Math.floor(rng() * 8);
    const baseId = `org${b}/base-${b}`;
    for (let f = 0; f < perBase; f++) {
      const month = Math.min(16, baseMonth + Math.floor(rng() * 6));
      const day = 1 + Math.floor(rng() * 28);
      const date = `${2023 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      const kind: ModelKind = f === 0 ? "pretrained" : f % 3 === 0 ? "merge" : "fine-tuned";
      const quality =
        8 * Math.log(1 + params) + 0.15 * layers + 0.6 * month + (f === 0 ? 0 : 2) + randNormal(rng);
      const score = (scale: number, offset: number) =>
        Math.max(0, Math.min(100, offset + scale * quality + randNormal(rng) * 1.5));
      out.push({
        ...emptyRecord(f === 0 ? baseId : `user${b}-${f}/ft-${b}-${f}`),
        imputed_from: f === 0 ? null : baseId,
        impute_confidence: f === 0 ? null : 0.9,
        kind,
        is_merged: kind === "merge",
        submitted_at: date,
        precision: "float16",
        base_model: f === 0 ? null : baseId,
        arc: score(1.0, 25),
        hellaswag: score(0.9, 45),
        mmlu: score(1.1, 20),
        truthfulqa: score(0.4, 35),
        winogrande: score(0.7, 55),
        gsm8k: score(1.3, -5),
        architecture: "LlamaForCausalLM",
        model_type: "llama",
        layers,
        d_model: dModel,
        d_ffn: dFfn,
        heads,
        vocab_size: vocab,
        pos: 4096,
        activation: "silu",
        params_b: Math.round(params * 100) / 100,
      });
    }
  }
  return out;
}
