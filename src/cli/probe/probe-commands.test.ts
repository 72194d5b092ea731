import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CALIBRATION_TEXT } from "../../probe/bi/calibration-text.ts";
import { TINY_SPECS, writeTinyCheckpoints, writeWordLevelTokenizer } from "../../probe/testing/fixtures.ts";
import { runCli } from "../test-io.ts";

const fx = writeTinyCheckpoints();
afterAll(() => fx.cleanup());
const name = "qwen2-f32-tied-bias-gqa";
const dir = fx.dirs[name] as string;
const vocab = (TINY_SPECS[name] as { vocabSize: number }).vocabSize;
writeWordLevelTokenizer(dir, vocab, `Question: Answer: ${DEFAULT_CALIBRATION_TEXT}`);
process.env.STRATA_QUIET = "1";

describe("strata probe", () => {
  it("info --json names the backend and the model's shape", async () => {
    const r = await runCli(["probe", "info", dir, "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(["openblas", "typescript"]).toContain(j.backend);
    expect(j.model).toMatchObject({ family: "qwen2", layers: 4, kvHeads: 2, tieWordEmbeddings: true });
  });

  it("bi prints a bar per layer and writes an SVG; --json gives the numbers", async () => {
    const svg = join(fx.root, "bi.svg");
    const r = await runCli(["probe", "bi", dir, "--svg", svg, "--mark", "1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/layer 3 │█+/);
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg[\s\S]*#d62728/);
    const j = JSON.parse((await runCli(["probe", "bi", dir, "--json", "--tokens", "50"])).stdout);
    expect(j.tokens).toBe(50);
    expect(j.bi).toHaveLength(4);
    for (const b of j.bi) expect(b).toBeGreaterThan(0);
  });

  it("prune --lowest-bi writes a loadable checkpoint; bad usage exits 2", async () => {
    const out = join(fx.root, "pruned");
    const r = await runCli(["probe", "prune", dir, "--lowest-bi", "1", "--out", out, "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.removed).toHaveLength(1);
    const bi: number[] = j.blockInfluence.bi;
    expect(bi[j.removed[0]]).toBe(Math.min(...bi));
    expect(JSON.parse(readFileSync(join(out, "config.json"), "utf8")).num_hidden_layers).toBe(3);
    expect(existsSync(join(out, "tokenizer.json"))).toBe(true);
    expect((await runCli(["probe", "info", out, "--json"])).code).toBe(0);
    expect((await runCli(["probe", "prune", dir, "--out", join(fx.root, "p2")])).code).toBe(2);
    expect((await runCli(["probe", "prune", dir, "--remove", "x", "--out", join(fx.root, "p3")])).code).toBe(
      2,
    );
  });

  it("grad on a JSON Lines file prints the layer x matrix table; errors name the line", async () => {
    const file = join(fx.root, "samples.jsonl");
    writeFileSync(
      file,
      [
        { prompt: "Question: The river starts as a thin stream\nAnswer:", response: " high in the hills" },
        { prompt: "Question: Bread begins with\nAnswer:", response: " flour, water, salt and yeast" },
      ]
        .map((o) => JSON.stringify(o))
        .join("\n"),
    );
    const svg = join(fx.root, "grad.svg");
    const r = await runCli(["probe", "grad", dir, "--task", file, "--svg", svg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 samples/);
    expect(r.stdout).toMatch(/layer\s+q\s+k\s+v\s+o\s+gate\s+up\s+down/);
    expect(readFileSync(svg, "utf8")).toContain("<svg");
    writeFileSync(file, '{"prompt": "a"}\n');
    const bad = await runCli(["probe", "grad", dir, "--task", file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file}:1`);
  });

  it.skipIf(!existsSync("data/benchmarks/arc-challenge/test.json"))(
    "grad --task arc_challenge reads the bundled ARC sample",
    async () => {
      const r = await runCli(["probe", "grad", dir, "--task", "arc_challenge", "--limit", "2", "--json"]);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.samples).toBe(2);
      expect(j.nuclearMean.q).toHaveLength(4);
      for (const m of j.matrices)
        for (let i = 0; i < 4; i++)
          expect(j.nuclearAccumulated[m][i]).toBeLessThanOrEqual(j.nuclearMean[m][i] * (1 + 1e-9));
    },
  );
});
