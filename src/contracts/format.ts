/**
 * How numbers read in text everywhere (CLI tables, the report, the dashboard): one implementation.
 * Non-finite or missing values print as "n/a" unless the caller names another marker.
 */

const MISSING = "n/a";

/** An integer with thousands separators ("6,797"), independent of the machine's locale. */
export function formatInt(v: number): string {
  if (!Number.isFinite(v)) return MISSING;
  const s = Math.abs(Math.round(v))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return v < 0 && Math.round(v) !== 0 ? `-${s}` : s;
}

/** Fixed decimals ("0.75"); `missing` for null, undefined and non-finite values. */
export function formatFixed(v: number | null | undefined, digits = 2, missing = MISSING): string {
  return v === null || v === undefined || !Number.isFinite(v) ? missing : v.toFixed(digits);
}

/** A share 0..1 as a percentage ("83.9%"). */
export function formatShare(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? MISSING : `${(v * 100).toFixed(digits)}%`;
}

/** With its sign ("+0.05", "-0.11"). */
export function formatSigned(v: number, digits = 2): string {
  return Number.isFinite(v) ? `${v >= 0 ? "+" : ""}${v.toFixed(digits)}` : MISSING;
}

/** At most `digits` significant digits; integers with thousands separators; tiny values in exponent form. */
export function formatNumber(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return MISSING;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return formatInt(v);
  const abs = Math.abs(v);
  if (abs >= 1000) return formatInt(v);
  if (abs !== 0 && abs < 1e-3) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}
