/** The report's short names for the shared formatters (contracts/format.ts), and its mean helper. */
export {
  formatFixed as fmt,
  formatInt as int,
  formatShare as pct,
  formatSigned as signed,
} from "../contracts/index.ts";

export function meanOf(values: readonly number[]): number {
  const f = values.filter((v) => Number.isFinite(v));
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : Number.NaN;
}
