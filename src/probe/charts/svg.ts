/** Small self-contained SVG charts (no scripts, no external fonts). */

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

/** Vertical bars, one per label; `highlight` marks bars drawn in a second colour (e.g. layers to prune). */
export function barChartSvg(opts: {
  title: string;
  labels: string[];
  values: number[];
  yLabel: string;
  highlight?: Set<number>;
}): string {
  const { labels, values } = opts;
  const W = Math.max(480, 40 + labels.length * 22 + 40);
  const H = 320;
  const left = 60;
  const top = 40;
  const plotW = W - left - 20;
  const plotH = H - top - 50;
  const max = Math.max(...values.filter(Number.isFinite), 1e-12);
  const bw = plotW / labels.length;
  const parts: string[] = [];
  parts.push(
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" ${FONT}>${esc(opts.title)}</text>`,
  );
  for (let k = 0; k <= 4; k++) {
    const y = top + plotH - (k / 4) * plotH;
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="10" ${FONT}>${((k / 4) * max).toPrecision(3)}</text>`,
    );
  }
  values.forEach((v, i) => {
    const h = Number.isFinite(v) ? (Math.max(v, 0) / max) * plotH : 0;
    const x = left + i * bw + bw * 0.1;
    const fill = opts.highlight?.has(i) ? "#d62728" : "#4c78a8";
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${(bw * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"><title>${esc(labels[i] ?? "")}: ${v}</title></rect>`,
    );
    parts.push(
      `<text x="${(x + bw * 0.4).toFixed(1)}" y="${top + plotH + 14}" text-anchor="middle" font-size="9" ${FONT}>${esc(labels[i] ?? "")}</text>`,
    );
  });
  parts.push(
    `<text x="${left + plotW / 2}" y="${H - 12}" text-anchor="middle" font-size="11" ${FONT}>layer</text>`,
  );
  if (opts.highlight && opts.highlight.size > 0) {
    parts.push(
      `<text x="${left + plotW}" y="${top - 8}" text-anchor="end" font-size="10" fill="#d62728" ${FONT}>red: the ${opts.highlight.size} lowest</text>`,
    );
  }
  parts.push(
    `<text x="14" y="${top + plotH / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 14 ${top + plotH / 2})" ${FONT}>${esc(opts.yLabel)}</text>`,
  );
  return wrap(W, H, parts);
}

/** Layer (rows) by matrix (columns) heatmap, colour = value / column max. */
export function heatmapSvg(opts: {
  title: string;
  rowLabels: string[];
  colLabels: string[];
  values: number[][];
}): string {
  const cw = 64;
  const ch = 16;
  const left = 60;
  const top = 56;
  const W = left + opts.colLabels.length * cw + 20;
  const H = top + opts.rowLabels.length * ch + 30;
  const colMax = opts.colLabels.map((_, j) => Math.max(...opts.values.map((r) => r[j] ?? 0), 1e-300));
  const parts: string[] = [];
  parts.push(
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" ${FONT}>${esc(opts.title)}</text>`,
  );
  opts.colLabels.forEach((c, j) => {
    parts.push(
      `<text x="${left + j * cw + cw / 2}" y="${top - 8}" text-anchor="middle" font-size="11" ${FONT}>${esc(c)}</text>`,
    );
  });
  opts.rowLabels.forEach((r, i) => {
    parts.push(
      `<text x="${left - 6}" y="${top + i * ch + ch - 4}" text-anchor="end" font-size="10" ${FONT}>${esc(r)}</text>`,
    );
    opts.colLabels.forEach((c, j) => {
      const v = opts.values[i]?.[j] ?? 0;
      const f = Math.max(0, Math.min(1, v / (colMax[j] as number)));
      // White -> dark blue.
      const rgb = [255 - 205 * f, 255 - 170 * f, 255 - 95 * f].map((x) => Math.round(x));
      parts.push(
        `<rect x="${left + j * cw}" y="${top + i * ch}" width="${cw - 1}" height="${ch - 1}" fill="rgb(${rgb.join(",")})"><title>layer ${esc(r)} ${esc(c)}: ${v}</title></rect>`,
      );
    });
  });
  parts.push(
    `<text x="${left}" y="${H - 10}" font-size="10" ${FONT}>colour: value / max of its column</text>`,
  );
  return wrap(W, H, parts);
}

function wrap(W: number, H: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join("\n")}\n</svg>\n`;
}
