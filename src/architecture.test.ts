import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The data flow of DESIGN.md, as ranks: a folder may import only folders of a lower rank (and itself).
 * contracts are shared by all; native and linalg are math under probe/ and ml/; probe stands beside the
 * dataset flow (ml's LoRA regressor and the report use it); cli and web sit on top.
 */
const RANK: Record<string, number> = {
  contracts: 0,
  native: 1,
  linalg: 1,
  configs: 2,
  probe: 2,
  leaderboard: 3,
  hub: 4,
  dataset: 5,
  analysis: 6,
  ml: 7,
  report: 8,
  server: 9,
  cli: 10,
  web: 10,
};

/** Root files: the public API on top, dev tooling (the Chromium launcher) at the bottom. */
const ROOT_FILE_RANK: Record<string, number> = { "index.ts": 11, "chromium.ts": 0 };

const SRC = dirname(fileURLToPath(import.meta.url));

/** Tests and their helpers (test-*.ts, testing.ts) may reach past an index for fixtures. */
const isTest = (file: string): boolean => /(\.test\.tsx?|[/\\]test-[^/\\]*\.ts|[/\\]testing\.ts)$/.test(file);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The relative module specifiers a file imports or re-exports (static and literal dynamic imports). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["'](\.[^"']+)["']/g))
    specs.push(m[1] as string);
  for (const m of text.matchAll(/\bimport\(\s*["'](\.[^"']+)["']\s*\)/g)) specs.push(m[1] as string);
  return specs;
}

interface Place {
  /** Top folder under src/ ("dataset"), or the root file's name. */
  stage: string;
  rank: number;
  /** Path inside the stage folder ("index.ts", "api/predict.ts"). */
  inner: string;
}

function placeOf(file: string): Place {
  const parts = relative(SRC, file).split(sep);
  if (parts.length === 1) {
    const name = parts[0] as string;
    return { stage: "(root)", rank: ROOT_FILE_RANK[name] ?? 0, inner: name };
  }
  const stage = parts[0] as string;
  const rank = RANK[stage];
  if (rank === undefined) throw new Error(`src/${stage}/ has no rank in architecture.test.ts`);
  return { stage, rank, inner: parts.slice(1).join("/") };
}

describe("module boundaries (DESIGN.md's flow)", () => {
  const files = sourceFiles(SRC);
  const edges = files.flatMap((file) =>
    importsOf(file).map((spec) => ({ file, from: placeOf(file), to: placeOf(resolve(dirname(file), spec)) })),
  );
  const show = (e: (typeof edges)[number]) => `${relative(SRC, e.file)} imports ${e.to.stage}/${e.to.inner}`;

  it("every folder under src/ has a rank", () => {
    for (const d of readdirSync(SRC, { withFileTypes: true }))
      if (d.isDirectory()) expect(RANK, `src/${d.name}/`).toHaveProperty(d.name);
  });

  it("no import runs against the flow", () => {
    const against = edges
      .filter((e) => e.to.stage !== e.from.stage && e.to.rank >= e.from.rank)
      .filter((e) => !(e.from.stage === "(root)" && isTest(e.file)))
      .map(show);
    expect(against).toEqual([]);
  });

  it("code outside a folder imports it through its index.ts (tests and the browser bundle excepted)", () => {
    const past = edges
      .filter((e) => e.to.stage !== e.from.stage && e.to.rank !== ROOT_FILE_RANK["chromium.ts"])
      .filter((e) => !isTest(e.file) && e.from.stage !== "web")
      .filter((e) => e.to.inner !== "index.ts")
      .map(show);
    expect(past).toEqual([]);
  });

  it("finds the imports it checks (the scan is not vacuous)", () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((e) => e.from.stage === "report" && e.to.stage === "ml")).toBe(true);
  });
});
