import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRecords, sampleV2Rows } from "../../analysis/index.ts";
import { V2_BENCHMARKS } from "../../contracts/index.ts";
import { saveDataset, selectByStructure } from "../../dataset/index.ts";
import { syntheticRecords } from "../../ml/testing.ts";
import { runCli } from "../test-io.ts";

let dir = "";
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "strata-regress-"));
  await saveDataset(join(dir, "data"), {
    records: syntheticRecords({ bases: 20, perBase: 6 }),
    v2: [],
    warnings: [],
    meta: { builtAt: "2026-01-01T00:00:00Z", source: "synthetic" },
  });
  writeFileSync(
    join(dir, "config.json"),
    JSON.stringify({
      architectures: ["LlamaForCausalLM"],
      model_type: "llama",
      num_hidden_layers: 32,
      hidden_size: 4096,
      intermediate_size: 11008,
      num_attention_heads: 32,
      vocab_size: 32000,
      max_position_embeddings: 4096,
      hidden_act: "silu",
    }),
  );
  writeFileSync(join(dir, "partial.json"), JSON.stringify({ model_type: "llama", hidden_size: 4096 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("strata regress", () => {
  it("prints the R^2 table with the study's published values and n", async () => {
    const r = await runCli(
      ["regress", "--data-dir", "data", "--regressors", "linear,tree", "--target", "mmlu,arc"],
      dir,
    );
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/R\^2, 5-fold random CV/);
    expect(r.stdout).toMatch(/Linear Regression\s+\d\.\d\d ±\d\.\d\d\s+\d\.\d\d ±\d\.\d\d/);
    expect(r.stdout).toMatch(/study RF \(published\)\s+0\.81\s+0\.75/);
    expect(r.stdout).toMatch(/^n\s+120\s+120$/m);
    expect(r.stdout).not.toMatch(/NaN/);
  });

  it("with --protocol all (also --protocols) shows the three protocols side by side; --json gives the tables", async () => {
    const r = await runCli(
      ["regress", "--data-dir", "data", "--regressors", "linear", "--target", "mmlu", "--protocol", "all"],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/protocols random \/ grouped \/ time/);
    expect(r.stdout).toMatch(/Linear Regression\s+-?\d\.\d\d \/ -?\d\.\d\d \/ -?\d\.\d\d/);
    const j = await runCli(
      ["regress", "--data-dir", "data", "--regressors", "linear", "--target", "gsm8k", "--json"],
      dir,
    );
    const parsed = JSON.parse(j.stdout) as { protocol: string; cells: { r2: number; folds: number[] }[] };
    expect(parsed.protocol).toBe("random");
    expect(parsed.cells[0]?.folds).toHaveLength(5);
  });

  it("bad input exits 2 (usage) or 1 (no rows) with a message", async () => {
    const bad = await runCli(["regress", "--data-dir", "data", "--targets", "mmlu2"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--targets: unknown value 'mmlu2'/);
    // --target and --protocol (the older spellings) read the same flags, and name themselves in errors.
    const alias = await runCli(["regress", "--data-dir", "data", "--target", "mmlu2"], dir);
    expect(alias.code).toBe(2);
    expect(alias.stderr).toMatch(/--target: unknown value 'mmlu2'/);
    const both = await runCli(["regress", "--data-dir", "data", "--target", "arc", "--targets", "mmlu"], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--targets and --target are the same flag: give one/);
    const folds = await runCli(["regress", "--data-dir", "data", "--folds", "1"], dir);
    expect(folds.code).toBe(2);
    const empty = await runCli(
      [
        "regress",
        "--data-dir",
        "data",
        "--pretrained-only",
        "--folds",
        "20",
        "--regressors",
        "linear",
        "--target",
        "arc",
      ],
      dir,
    );
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/arc \(pretrained only\): only 20 rows/);
  });
});

describe("strata regress on leaderboard v2 targets and by structure evidence", () => {
  const records = sampleRecords(240, 5);
  const v2 = sampleV2Rows(records, 3);
  beforeAll(async () => {
    await saveDataset(join(dir, "v2data"), {
      records,
      v2,
      warnings: [],
      meta: { builtAt: "2026-01-01T00:00:00Z", source: "sampleRecords + sampleV2Rows" },
    });
  });
  type Table = {
    targets: string[];
    structure: string;
    seed: number;
    n: Record<string, number>;
    published: Record<string, number>;
  };
  const regress = async (...args: string[]) => {
    const r = await runCli(
      ["regress", "--data-dir", "v2data", "--regressors", "linear", "--folds", "3", "--json", ...args],
      dir,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Table;
  };

  it("--target v2 regresses the six v2 benchmarks on the models that have a v2 row, no study value", async () => {
    const t = await regress("--target", "v2");
    expect(t.targets).toEqual([...V2_BENCHMARKS]);
    const withV2 = new Set(v2.map((r) => r.id));
    // math is missing on the second (fewer-scores) rows, but each model keeps its most complete row.
    for (const b of V2_BENCHMARKS) expect(t.n[b]).toBe(withV2.size);
    expect(t.published).toEqual({});
    const mixed = await regress("--target", "mmlu,ifeval");
    expect(mixed.targets).toEqual(["mmlu", "ifeval"]);
    expect(mixed.published).toEqual({ mmlu: 0.81 });
    const text = await runCli(
      ["regress", "--data-dir", "v2data", "--regressors", "linear", "--target", "v2"],
      dir,
    );
    expect(text.stdout).toMatch(/study RF \(published\)(\s+-){6}/);
  });

  it("--structure keeps the rows selectByStructure keeps, and says so; the default seed is the study's 42", async () => {
    const all = await regress("--target", "arc");
    expect(all.structure).toBe("all");
    expect(all.seed).toBe(42);
    const conf = await regress("--target", "arc", "--structure", "confident");
    expect(conf.structure).toBe("confident");
    expect(conf.n.arc).toBe(selectByStructure(records, "confident").filter((r) => r.arc !== null).length);
    expect(conf.n.arc).toBeLessThan(all.n.arc ?? 0);
    const cfg = await regress("--target", "arc", "--structure", "config");
    expect(cfg.n.arc).toBe(records.filter((r) => r.evidence === "registry" && r.arc !== null).length);
    const bad = await runCli(["regress", "--data-dir", "v2data", "--structure", "some"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("strata: --structure: expected one of all, confident, config, got 'some'\n");
  });
});

describe("strata predict", () => {
  it("predicts six scores with intervals and lists the nearest known models", async () => {
    const r = await runCli(["predict", "config.json", "--data-dir", "data", "--date", "2024-02"], dir);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    for (const t of ["arc", "hellaswag", "mmlu", "truthfulqa", "winogrande", "gsm8k"]) {
      expect(r.stdout).toMatch(
        new RegExp(`^${t}\\s+\\d+\\.\\d\\s+\\[-?\\d+\\.\\d, \\d+\\.\\d\\]\\s+120$`, "m"),
      );
    }
    expect(r.stdout).toMatch(/nearest known models/);
    expect(r.stdout).toMatch(/date=13/);
  });

  it("a config missing fields needed as features fails with exit 1 naming them", async () => {
    const r = await runCli(["predict", "partial.json", "--data-dir", "data"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lacks .*layers/);
    const d = await runCli(["predict", "config.json", "--data-dir", "data", "--date", "March"], dir);
    expect(d.code).toBe(2);
  });
});

describe("strata regress --regressors llm and strata predict --llm-adapter", () => {
  it("runs the fine-tuned LLM beside the study's LLM row, saves PEFT files, and predict uses them", async () => {
    const r = await runCli(
      [
        "regress",
        "--data-dir",
        "data",
        "--regressors",
        "linear,llm",
        "--folds",
        "2",
        "--steps",
        "2",
        "--batch",
        "1",
        "--limit",
        "2",
        "--save-adapter",
        "adapter",
      ],
      dir,
    );
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^LLM fine-tune\s+-?\d\.\d\d ±\d\.\d\d/m);
    expect(r.stdout).toMatch(
      /^study LLM fine-tune \(published\)\s+0\.60\s+0\.51\s+0\.65\s+0\.17\s+0\.56\s+0\.39$/m,
    );
    expect(r.stdout).toMatch(/llm fold 1: R\^2 on 2 of 60 held-out rows \(limit\)/);
    const p = await runCli(["predict", "config.json", "--data-dir", "data", "--llm-adapter", "adapter"], dir);
    expect(p.stderr).not.toMatch(/error/);
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/^benchmark\s+predicted\s+90% interval\s+n\s+llm$/m);
    expect(p.stdout).toMatch(/^arc\s+\d+\.\d\s+\[[\d.]+, [\d.]+\]\s+\d+\s+\d+\.\d$/m);
    expect(p.stdout).toMatch(/llm \(adapter\) wrote:/);
    const j = await runCli(
      ["predict", "config.json", "--data-dir", "data", "--llm-adapter", "adapter", "--json"],
      dir,
    );
    const doc = JSON.parse(j.stdout) as { llm: { scores: Record<string, number>; unparsed: string[] } };
    expect(Object.keys(doc.llm.scores)).toEqual([
      "arc",
      "hellaswag",
      "mmlu",
      "truthfulqa",
      "winogrande",
      "gsm8k",
    ]);
  }, 120_000);

  it("rejects bad LLM settings with exit 2, and 'all' leaves the LLM out", async () => {
    const bad = await runCli(["regress", "--data-dir", "data", "--regressors", "llm", "--lr", "0"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lr: expected a number above 0, got '0'/);
    const all = await runCli(["regress", "--data-dir", "data", "--target", "arc", "--json"], dir);
    expect((JSON.parse(all.stdout) as { regressors: string[] }).regressors).not.toContain("llm");
  }, 120_000);
});
