import { jsonReplacer } from "../contracts/index.ts";
import type { CommandContext } from "./command.ts";

export { jsonReplacer };

/** Writes `value` as one pretty JSON document followed by a newline. */
export function printJson(ctx: Pick<CommandContext, "stdout">, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
}

export type Align = "left" | "right";

/** A plain text table with a header row; numbers right-aligned by default. */
export function formatTable(header: string[], rows: (string | number | null)[][], align?: Align[]): string {
  const cells = rows.map((r) => r.map((c) => (c === null ? "-" : String(c))));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const al = align ?? header.map((_, i) => (rows.some((r) => typeof r[i] === "number") ? "right" : "left"));
  const fmt = (r: string[]) =>
    r.map((c, i) => (al[i] === "right" ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ");
  return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(fmt)]
    .map((l) => l.trimEnd())
    .join("\n");
}
