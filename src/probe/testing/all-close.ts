import { expect } from "vitest";

/** Asserts |a - b| <= atol + rtol * max|b| elementwise (scale-relative, as float32 sums warrant). */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-4,
  atol = 1e-6,
  label = "",
): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i] as number));
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs((actual[i] as number) - (expected[i] as number));
    if (!(err <= worst)) {
      worst = err;
      worstAt = i;
    }
  }
  const tol = atol + rtol * scale;
  expect(
    worst <= tol,
    `${label} max error ${worst} at ${worstAt} (actual ${actual[worstAt]}, expected ${expected[worstAt]}) > ${tol}`,
  ).toBe(true);
}
