import { unitUniformRng } from "../model/random-checkpoint.ts";
import type { LoraAdapters } from "./adapters.ts";

/** Tests: gives every B random values (fresh adapters have B = 0, which would hide errors in dA). */
export function randomizeB(ad: LoraAdapters, seed: number, scale = 0.3): void {
  const rng = unitUniformRng(seed);
  for (const p of ad.pairs) for (let i = 0; i < p.b.length; i++) p.b[i] = scale * rng();
}
