/** Plain-text charts for the terminal (no colour codes, so they survive pipes and logs). */

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** One horizontal bar per row, scaled to the largest value; values printed on the right. */
export function barChart(labels: string[], values: number[], width = 50, digits = 4): string {
  const max = Math.max(...values.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)), 1e-300);
  const lw = Math.max(...labels.map((l) => l.length));
  return labels
    .map((l, i) => {
      const v = values[i] as number;
      const cells = Number.isFinite(v) ? (Math.max(v, 0) / max) * width : 0;
      const full = Math.floor(cells);
      const bar = "█".repeat(full) + (EIGHTHS[Math.round((cells - full) * 8) % 8] ?? "");
      return `${l.padStart(lw)} │${bar.padEnd(width + 1)} ${v.toFixed(digits)}`;
    })
    .join("\n");
}

const SHADES = [" ", "░", "▒", "▓", "█"];

/** Rows x columns heatmap of shade characters, each column normalized to its own max (per matrix kind). */
export function heatmap(rowLabels: string[], colLabels: string[], values: number[][], cellWidth = 6): string {
  const colMax = colLabels.map((_, j) => Math.max(...values.map((r) => r[j] ?? 0), 1e-300));
  const lw = Math.max(...rowLabels.map((l) => l.length));
  const head = `${"".padStart(lw)} ${colLabels.map((c) => c.padStart(cellWidth)).join("")}`;
  const rows = rowLabels.map((l, i) => {
    const cells = colLabels.map((_, j) => {
      const v = values[i]?.[j] ?? 0;
      const level = Math.min(
        SHADES.length - 1,
        Math.round((v / (colMax[j] as number)) * (SHADES.length - 1)),
      );
      return ` ${(SHADES[level] as string).repeat(cellWidth - 1)}`;
    });
    return `${l.padStart(lw)} ${cells.join("")}`;
  });
  return [head, ...rows, `${"".padStart(lw)} (shade: value / column max; █ = max)`].join("\n");
}
