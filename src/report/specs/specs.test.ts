import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import type { TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { pretrainedOverTime, sampleRecords, topByLikes } from "../../analysis/index.ts";
import { STUDY_RF_R2 } from "../../contracts/index.ts";
import { addSvgTitles, compileSpec, specToSvg } from "../render.ts";
import { fixtureTable, GOLDEN_CASES } from "./fixtures.ts";
import { GOLDEN_DIR, GOLDEN_SUFFIX, goldenText } from "./goldens.ts";
import * as builders from "./index.ts";
import { MAX_POINT_AREA } from "./trends.ts";

const CASES = Object.entries(GOLDEN_CASES).map(([name, c]) => [name, c.spec()] as [string, TopLevelSpec]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every object in a spec, depth first. */
function* walk(v: unknown): Generator<Json> {
  if (Array.isArray(v)) for (const x of v) yield* walk(x);
  else if (isObject(v)) {
    yield v;
    for (const x of Object.values(v)) yield* walk(x);
  }
}

/** Every unit (a node with a mark) with the encoding it inherits from its parents merged in. */
function* units(node: Json, inherited: Json = {}): Generator<{ mark: Json; encoding: Json }> {
  const encoding = { ...inherited, ...(isObject(node.encoding) ? node.encoding : {}) };
  if (node.mark !== undefined) {
    yield { mark: isObject(node.mark) ? node.mark : { type: node.mark }, encoding };
  }
  for (const child of [
    ...(Array.isArray(node.layer) ? node.layer : []),
    ...(isObject(node.spec) ? [node.spec] : []),
  ])
    if (isObject(child)) yield* units(child, encoding);
}

/** Text drawn in an SVG (axis labels, legends, titles), entities decoded. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] ?? "")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"'),
  );
}

// The schema vega-lite ships (its package exports do not list it, so it is read as a file).
const SCHEMA_FILE = fileURLToPath(
  new URL("../../../node_modules/vega-lite/build/vega-lite-schema.json", import.meta.url),
);
const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false });
const validateVegaLite = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as object);

describe("every Vega-Lite spec builder", () => {
  it("has at least one golden case", () => {
    const names = Object.entries(builders)
      .filter(([k, v]) => typeof v === "function" && k.endsWith("Spec"))
      .map(([k]) => k);
    expect(names.length).toBeGreaterThanOrEqual(16);
    const covered = new Set(Object.values(GOLDEN_CASES).map((c) => c.builder));
    expect(names.filter((n) => !covered.has(n))).toEqual([]);
  });

  it.each(CASES)("%s is valid against the Vega-Lite JSON schema", (_name, spec) => {
    const ok = validateVegaLite(JSON.parse(JSON.stringify(spec)));
    expect(ok ? [] : validateVegaLite.errors?.slice(0, 3)).toEqual([]);
  });

  it.each(CASES)("%s compiles to Vega without warnings", (id, spec) => {
    const { vega, warnings } = compileSpec(id, spec);
    expect(warnings, id).toEqual([]);
    expect(vega.marks?.length ?? 0).toBeGreaterThan(0);
  });

  it.each(CASES)("%s: every data mark has a tooltip, every encoded field a legend or an axis", (_n, spec) => {
    let tooltips = 0;
    for (const { mark, encoding } of units(spec as unknown as Json)) {
      if (mark.aria === false) continue;
      expect(encoding.tooltip, `mark ${String(mark.type)}`).toBeDefined();
      expect(encoding.description, `mark ${String(mark.type)}`).toBeDefined();
      tooltips++;
      for (const ch of ["color", "size", "shape", "opacity", "stroke"]) {
        const e = encoding[ch];
        if (isObject(e) && e.field !== undefined) expect(e.legend, `${ch} legend`).not.toBeNull();
      }
    }
    expect(tooltips).toBeGreaterThan(0);
  });

  it.each(CASES)("%s: no scale is clamped", (_n, spec) => {
    for (const o of walk(spec)) expect(o.clamp, JSON.stringify(o).slice(0, 80)).not.toBe(true);
  });

  it.each(CASES)(
    "%s renders an SVG whose marks carry <title> and whose text is never cut",
    async (id, spec) => {
      const { svg: plain, warnings } = await specToSvg(id, spec);
      expect(warnings).toEqual([]);
      const svg = addSvgTitles(plain);
      expect(svg.startsWith("<svg")).toBe(true);
      const titles = [...svg.matchAll(/<title>([^<]+)<\/title>/g)].map((m) => m[1] ?? "");
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.every((t) => t.includes(": "))).toBe(true);
      // Vega cuts a label too long for its labelLimit with an ellipsis.
      expect(svgTexts(svg).filter((t) => t.endsWith("…"))).toEqual([]);
    },
  );
});

/**
 * The emitted specs on the fixed inputs of fixtures.ts, kept as files: a change to a builder shows up
 * as a diff. A missing golden fails; `npm run goldens` rewrites them after an intended change.
 */
describe("golden specs", () => {
  it.each(CASES)("%s matches its golden file", (name, spec) => {
    const file = `${GOLDEN_DIR}${name}${GOLDEN_SUFFIX}`;
    expect(existsSync(file), `${file} is missing: run 'npm run goldens' and review the diff`).toBe(true);
    expect(goldenText(spec)).toBe(readFileSync(file, "utf8"));
  });

  it("has no golden file without a case", () => {
    const stale = readdirSync(GOLDEN_DIR)
      .filter((f) => f.endsWith(GOLDEN_SUFFIX))
      .map((f) => f.slice(0, -GOLDEN_SUFFIX.length))
      .filter((n) => !(n in GOLDEN_CASES));
    expect(stale).toEqual([]);
  });
});

describe("what the figures used to get wrong", () => {
  const yDomain = (spec: TopLevelSpec): number[] => {
    for (const o of walk(spec)) {
      const y = o.y;
      if (isObject(y) && isObject(y.scale) && Array.isArray(y.scale.domain))
        return y.scale.domain as number[];
    }
    return [];
  };

  it("R² bars reach below zero when a protocol does worse than the mean", () => {
    const grouped = fixtureTable("grouped", 1.2);
    const spec = builders.regressionSpec([fixtureTable("random", 0), grouped], STUDY_RF_R2);
    const lowest = Math.min(...grouped.cells.filter((c) => c.regressor === "rf").map((c) => c.r2 - c.std));
    expect(lowest).toBeLessThan(-0.5);
    expect(yDomain(spec)[0]).toBeLessThanOrEqual(lowest);
    expect(yDomain(spec)[1]).toBeGreaterThanOrEqual(1);
  });

  it("R² heatmap colours reach the lowest R², spearman's the full [-1, 1]", () => {
    const t = fixtureTable("grouped", 1.4);
    const grid = builders.regressorGridSpec(t, {});
    const domains = [...walk(grid)].filter((o) => Array.isArray(o.domain) && o.domainMid === 0);
    expect(domains).toHaveLength(1);
    expect(((domains[0]?.domain ?? []) as number[])[0]).toBeLessThanOrEqual(
      Math.min(...t.cells.map((c) => c.r2)),
    );
    const rho = GOLDEN_CASES.spearman?.spec() as TopLevelSpec;
    expect([...walk(rho)].find((o) => o.domainMid === 0)?.domain).toEqual([-1, 1]);
  });

  it("MMLU over time: point area is proportional to params (linear size scale from zero)", () => {
    const points = pretrainedOverTime(sampleRecords(200, 3), "mmlu");
    const spec = builders.pretrainedOverTimeSpec(points);
    const size = [...walk(spec)].find((o) => isObject(o.size) && (o.size as Json).field === "params_b")
      ?.size as Json;
    const max = Math.max(...points.map((p) => p.params_b ?? 0));
    expect(size.scale).toEqual({ type: "linear", zero: true, domain: [0, max], range: [0, MAX_POINT_AREA] });
  });

  it("score vs size: not called deciles, and says how many bins the ties left", () => {
    const spec = GOLDEN_CASES["size-bins"]?.spec() as TopLevelSpec;
    const text = JSON.stringify(spec);
    expect(text).not.toMatch(/decile/i);
    expect(JSON.stringify(spec.title)).toMatch(/in \d+(-\d+)? equal-frequency size bins/);
  });

  it("top 20 by likes: full distinct model ids as labels, a linear axis, coloured by model type", async () => {
    const models = topByLikes(sampleRecords(300, 2), 20);
    const spec = builders.topLikesSpec(models);
    const { svg } = await specToSvg("likes", spec);
    const texts = new Set(svgTexts(svg));
    for (const m of models) expect(texts.has(m.id), m.id).toBe(true);
    expect(JSON.stringify(spec)).not.toMatch(/"log"/);
    expect(JSON.stringify(spec)).toMatch(/"field":"model_type"/);
  });

  it("monthly: a series left out is not drawn; the missing-values chart leaves out columns without values", () => {
    const monthly = GOLDEN_CASES["monthly-no-multimodal"]?.spec() as TopLevelSpec;
    expect(JSON.stringify(monthly)).not.toMatch(/multimodal/);
    const missing = GOLDEN_CASES["missing-rate"]?.spec() as TopLevelSpec;
    const values = (missing.data as { values: { label: string }[] }).values.map((v) => v.label);
    expect(values).not.toContain("downloads");
    expect(values).toContain("size");
  });
});
