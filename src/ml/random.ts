import { mulberry32 } from "../contracts/index.ts";

/** A seeded generator of uniform numbers in [0, 1) (mulberry32): the same seed gives the same stream. */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  return mulberry32((seed >>> 0) + 0x9e3779b9);
}

/** A uniform integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(a: T, rng: Rng): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  }
  return a;
}

/** A standard normal draw (Box-Muller). */
export function randNormal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
