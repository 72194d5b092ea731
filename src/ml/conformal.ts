/**
 * Split-conformal prediction (Lei et al. 2018): fit on one part, take absolute residuals on a held-out
 * calibration part, and widen every prediction by their ceil((m+1)(1-alpha))-th smallest value. For
 * exchangeable rows the interval covers a new row's true value with probability >= 1 - alpha.
 */
export function conformalQuantile(residuals: ArrayLike<number>, alpha: number): number {
  const m = residuals.length;
  const sorted = Float64Array.from(residuals, Math.abs).sort();
  const rank = Math.ceil((m + 1) * (1 - alpha));
  if (rank > m) return Number.POSITIVE_INFINITY;
  return sorted[Math.max(rank, 1) - 1] as number;
}

/** Fraction of calibration rows held out for conformal calibration. */
export const CALIBRATION_FRACTION = 0.25;
