import { createRng, randNormal } from "./random.ts";
import type { Matrix } from "./types.ts";

/**
 * Friedman #1 (as sklearn.datasets.make_friedman1): X uniform on [0,1]^p (p >= 5),
 * y = 10 sin(pi x0 x1) + 20 (x2 - 0.5)^2 + 10 x3 + 5 x4 + noise * N(0,1).
 */
export function friedman1(n: number, p = 10, noise = 1, seed = 0): { X: Matrix; y: Float64Array } {
  const rng = createRng(seed);
  const data = new Float64Array(n * p);
  for (let k = 0; k < data.length; k++) data[k] = rng();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (j: number) => data[i * p + j] as number;
    y[i] =
      10 * Math.sin(Math.PI * x(0) * x(1)) +
      20 * (x(2) - 0.5) ** 2 +
      10 * x(3) +
      5 * x(4) +
      noise * randNormal(rng);
  }
  return { X: { data, rows: n, cols: p }, y };
}

/** y = X w + b (+ noise), X standard normal: data with a known linear answer. */
export function linearData(
  n: number,
  w: readonly number[],
  b: number,
  noise = 0,
  seed = 0,
): { X: Matrix; y: Float64Array } {
  const rng = createRng(seed);
  const p = w.length;
  const data = new Float64Array(n * p);
  for (let k = 0; k < data.length; k++) data[k] = randNormal(rng);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b;
    for (let j = 0; j < p; j++) s += (w[j] as number) * (data[i * p + j] as number);
    y[i] = s + noise * randNormal(rng);
  }
  return { X: { data, rows: n, cols: p }, y };
}

/**
 * Rows drawn with repetition from a few base points (values rounded, as leaderboard structures repeat),
 * each with its own noisy target: what makes the kernel rows and coefficients shared.
 */
export function repeatedRows(n: number, bases: number, seed: number): { X: Matrix; y: Float64Array } {
  const base = friedman1(bases, 6, 0, seed);
  const rng = createRng(seed + 1);
  const data = new Float64Array(n * 6);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = Math.floor(rng() * bases);
    for (let j = 0; j < 6; j++) data[i * 6 + j] = Math.round((base.X.data[b * 6 + j] as number) * 20) / 20;
    y[i] = (base.y[b] as number) * 3 + 4 * randNormal(rng);
  }
  return { X: { data, rows: n, cols: 6 }, y };
}
