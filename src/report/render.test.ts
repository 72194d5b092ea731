import { describe, expect, it } from "vitest";
import { esc, scriptJson } from "./html.ts";
import { addSvgTitles, scopeSvgIds, specToSvg, svgToPng } from "./render.ts";
import { SCHEMA, THEME } from "./specs/theme.ts";

describe("render", () => {
  it("turns a spec into an SVG and a PNG of twice its size", async () => {
    const { svg } = await specToSvg("t", {
      $schema: SCHEMA,
      config: THEME,
      width: 100,
      height: 50,
      data: {
        values: [
          { a: "x", b: 2 },
          { a: "y", b: 3 },
        ],
      },
      mark: "bar",
      encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
    });
    const w = Number(svg.match(/<svg[^>]* width="(\d+)"/)?.[1]);
    const h = Number(svg.match(/<svg[^>]* height="(\d+)"/)?.[1]);
    const png = svgToPng(svg, 2);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // IHDR: width and height as big-endian uint32 at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(2 * w);
    expect(png.readUInt32BE(20)).toBe(2 * h);
  });

  it("reports a spec that does not compile, naming the figure", async () => {
    await expect(
      specToSvg("fig-bad", {
        $schema: SCHEMA,
        data: { values: [] },
        mark: "bar",
        encoding: { x: { field: "a", type: "nope" } },
      } as never),
    ).rejects.toThrow(/fig-bad/);
  });

  it("gives data marks a <title> with their description, and leaves axes and decorations alone", () => {
    const svg =
      '<svg><path aria-label="model: a/b&#xA;likes: 3" role="graphics-symbol" d="M0"/>' +
      '<text aria-label="rho: 0.5" role="graphics-symbol" x="1">0.5</text>' +
      '<g role="graphics-object" aria-label="X-axis"><path d="M1"/></g><path d="M2"/></svg>';
    expect(addSvgTitles(svg)).toBe(
      '<svg><path aria-label="model: a/b&#xA;likes: 3" role="graphics-symbol" d="M0"><title>model: a/b&#xA;likes: 3</title></path>' +
        '<text aria-label="rho: 0.5" role="graphics-symbol" x="1"><title>rho: 0.5</title>0.5</text>' +
        '<g role="graphics-object" aria-label="X-axis"><path d="M1"/></g><path d="M2"/></svg>',
    );
  });

  it("scopes ids and their references inside one SVG", () => {
    const svg =
      '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"/><use href="#clip1"/></svg>';
    const out = scopeSvgIds(svg, "fig-a");
    expect(out).toBe(
      '<svg><defs><clipPath id="fig-a-clip1"><rect/></clipPath></defs><g clip-path="url(#fig-a-clip1)"/><use href="#fig-a-clip1"/></svg>',
    );
  });
});

describe("html helpers", () => {
  it("escapes markup and keeps embedded JSON from closing its script", () => {
    expect(esc(`<a href="x">&'`)).toBe("&#60;a href=&#34;x&#34;&#62;&#38;&#39;");
    const s = scriptJson({ t: "</script><script>alert(1)</script>" });
    expect(s).not.toContain("</script>");
    expect(JSON.parse(s)).toEqual({ t: "</script><script>alert(1)</script>" });
  });
});
