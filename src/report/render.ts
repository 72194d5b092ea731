import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { ReportError } from "./errors.ts";

/** Fonts resvg is given for the PNGs (it has no fontconfig): the first present one is the default. */
export const PNG_FONT_FILES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
  "/System/Library/Fonts/Helvetica.ttc",
  "C:\\Windows\\Fonts\\arial.ttf",
];

type VlLogger = NonNullable<NonNullable<Parameters<typeof compile>[1]>["logger"]>;

/** A Vega-Lite logger that keeps warnings instead of printing them (library code prints nothing). */
function collectingLogger(warnings: string[]): VlLogger {
  let level = 2;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(" "));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
    error(...args: readonly unknown[]) {
      throw new Error(args.map(String).join(" "));
    },
  };
  return logger as VlLogger;
}

/**
 * Vega-Lite -> Vega, with the compiler's warnings. Throws ReportError naming the figure when the spec
 * does not compile.
 */
export function compileSpec(id: string, spec: TopLevelSpec): { vega: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  try {
    return { vega: compile(spec, { logger: collectingLogger(warnings) }).spec, warnings };
  } catch (err) {
    throw new ReportError(`figure ${id}: Vega-Lite spec does not compile: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Vega-Lite -> SVG text, rendered headless (a Vega View with renderer "none"), plus compiler warnings. */
export async function specToSvg(
  id: string,
  spec: TopLevelSpec,
): Promise<{ svg: string; warnings: string[] }> {
  const { vega: compiled, warnings } = compileSpec(id, spec);
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Warn });
  view.logger(collectingLogger(warnings) as unknown as vega.LoggerInterface);
  try {
    return { svg: await view.toSVG(), warnings };
  } catch (err) {
    throw new ReportError(`figure ${id}: Vega could not render the spec: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    view.finalize();
  }
}

/** SVG -> PNG at `scale` x (2 for sharp README images), white background, with real fonts. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const fontFiles = PNG_FONT_FILES.filter((f) => existsSync(f));
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: scale },
    font: {
      fontFiles,
      // Fall back to whatever the OS has when none of ours exist (text would vanish otherwise).
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: fontFiles.some((f) => f.includes("DejaVu")) ? "DejaVu Sans" : "Liberation Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return resvg.render().asPng();
}

/**
 * Makes the ids inside one SVG unique to it (`id="clip3"` -> `id="fig-x-clip3"`) so that several SVGs
 * inlined in one HTML page cannot capture each other's clip paths or gradients.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (m[1]) ids.add(m[1]);
  let out = svg;
  for (const id of ids) {
    const esc = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out
      .replace(new RegExp(`\\sid="${esc}"`, "g"), ` id="${prefix}-${id}"`)
      .replace(new RegExp(`url\\(#${esc}\\)`, "g"), `url(#${prefix}-${id})`)
      .replace(new RegExp(`href="#${esc}"`, "g"), `href="#${prefix}-${id}"`);
  }
  return out;
}

/**
 * Gives every data mark of a Vega SVG a `<title>` child holding its description (the tooltip text the
 * spec put in the `description` channel, written by Vega as aria-label): browsers show it on hover, in
 * a standalone SVG as in the page. Only marks (role graphics-symbol) get one; axes and legends do not.
 */
export function addSvgTitles(svg: string): string {
  return svg.replace(
    /<(path|rect|circle|line|image|text)\b([^>]*?\saria-label="([^"]*)"[^>]*?role="graphics-symbol"[^>]*?)(\/?)>/g,
    (_m, tag: string, attrs: string, label: string, selfClosing: string) =>
      selfClosing
        ? `<${tag}${attrs}><title>${label}</title></${tag}>`
        : `<${tag}${attrs}><title>${label}</title>`,
  );
}
