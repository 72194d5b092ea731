import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectHub } from "../hub/index.ts";
import { scenarioModels, v1ResultsFile } from "../hub/mock/fixtures.ts";
import { type MockHub, startMockHub } from "../hub/mock/mock-hub.ts";
import { buildDataset } from "./build-dataset.ts";
import { collectDataset } from "./collect-dataset.ts";
import { loadDataset } from "./load-dataset.ts";

const sha = (n: number): string => n.toString(16).padStart(40, "a");
const http = { retries: 3, baseDelayMs: 1, maxDelayMs: 20, timeoutMs: 1500 };

/** A v2 contents table with the dataset's real column names, written to Parquet by DuckDB. */
async function v2Parquet(dir: string): Promise<Uint8Array> {
  const file = join(dir, "contents.parquet");
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  await conn.run(`CREATE TABLE t AS SELECT * FROM (VALUES
    ('openai-community/gpt2_float16', 'float16', '🟢 : 🟢 pretrained', 'GPT2LMHeadModel', 'openai-community/gpt2', '${sha(2)}', 6.51, 'mit', 2500, 0.137, false, false, false, 17.8, 0.178, 2.8, 0.303, 0.0, 0.002, 1.1, 0.258, 14.0, 0.442, 1.8, 0.116, '2022-03-02', '2024-06-12', 'openai-community/gpt2'),
    ('someone/not-crawled_bfloat16', 'bfloat16', '💬 chat models (RLHF, DPO, IFT, ...)', 'LlamaForCausalLM', 'someone/not-crawled', '${sha(99)}', 20.0, 'apache-2.0', 3, 7.0, false, false, false, 50.0, 0.5, 20.0, 0.4, 5.0, 0.05, 3.0, 0.27, 6.0, 0.4, 15.0, 0.2, '2024-05-01', '2024-07-01', 'meta-llama/Llama-2-7b-hf')
  ) AS v("eval_name", "Precision", "Type", "Architecture", "fullname", "Model sha", "Average ⬆️", "Hub License", "Hub ❤️", "#Params (B)", "MoE", "Flagged", "Merged", "IFEval", "IFEval Raw", "BBH", "BBH Raw", "MATH Lvl 5", "MATH Lvl 5 Raw", "GPQA", "GPQA Raw", "MUSR", "MUSR Raw", "MMLU-PRO", "MMLU-PRO Raw", "Upload To Hub Date", "Submission Date", "Base Model")`);
  await conn.run(`COPY t TO '${file}' (FORMAT parquet)`);
  conn.closeSync();
  db.closeSync();
  return new Uint8Array(readFileSync(file));
}

describe("collect -> leaderboard -> build from the cache against the mock Hub", () => {
  let hub: MockHub;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "strata-build-"));
    const v1Files = [
      // gpt2: two evaluations of the same revision; the later adds GSM8K (merged like the leaderboard did).
      v1ResultsFile({
        model: "openai-community/gpt2",
        sha: sha(2),
        stamp: "2023-09-01T10-00-00.000000",
        arc: 0.2201,
        hellaswag: 0.3131,
        mmlu: 0.2583,
        truthfulqa: 0.4069,
        winogrande: 0.5,
      }),
      v1ResultsFile({
        model: "openai-community/gpt2",
        sha: sha(2),
        stamp: "2023-12-03T08-00-00.000000",
        gsm8k: 0.0068,
      }),
      // Mixtral: the file of the crawled revision wins over a newer one of another revision.
      v1ResultsFile({
        model: "mistralai/Mixtral-8x7B-v0.1",
        sha: sha(3),
        dtype: "bfloat16",
        stamp: "2023-12-11T00-00-00.000000",
        arc: 0.6638,
        hellaswag: 0.8646,
        mmlu: 0.7,
        mmluSpread: 0.001,
        truthfulqa: 0.4681,
        winogrande: 0.8169,
        gsm8k: 0.5739,
      }),
      v1ResultsFile({
        model: "mistralai/Mixtral-8x7B-v0.1",
        sha: "b".repeat(40),
        stamp: "2024-01-20T00-00-00.000000",
        arc: 0.9,
        hellaswag: 0.9,
        mmlu: 0.9,
        truthfulqa: 0.9,
        winogrande: 0.9,
        gsm8k: 0.9,
      }),
      v1ResultsFile({
        model: "someone/not-crawled",
        sha: sha(99),
        stamp: "2024-01-01T00-00-00.000000",
        arc: 0.5,
      }),
      {
        path: "lmsys/vicuna-7b-v1.5/results_2023-08-01T00-00-00.000000.json",
        content: '{"results": {"harness|arc:challenge|25": ',
      },
      { path: "README.md", content: "# results" },
    ];
    hub = await startMockHub({
      models: scenarioModels(),
      maxPageSize: 5,
      treePageSize: 3,
      datasets: [
        { id: "open-llm-leaderboard-old/results", files: v1Files },
        {
          id: "open-llm-leaderboard/contents",
          files: [{ path: "data/train-00000-of-00001.parquet", content: await v2Parquet(dir) }],
        },
      ],
    });
    const env = {};
    // The first two steps only crawl; the last also builds the dataset from the cache (strata collect).
    await collectHub({ dataDir: dir, hubUrl: hub.url, rate: 0, env, http });
    await collectHub({ dataDir: dir, hubUrl: hub.url, rate: 0, env, http, leaderboard: "v1" });
    await collectDataset({ dataDir: dir, hubUrl: hub.url, rate: 0, env, http, leaderboard: "v2" });
  });
  afterAll(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes exactly the crawled models with a config as records, with structure, sizes and provenance", async () => {
    const ds = await loadDataset(dir);
    const byId = new Map(ds.records.map((r) => [r.id, r]));
    expect([...byId.keys()]).toEqual([
      "absurd/huge-values",
      "broken/hangs-once",
      "llava-hf/llava-1.5-7b-hf",
      "lmsys/vicuna-7b-v1.5",
      "mistralai/Mixtral-8x7B-v0.1",
      "openai-community/gpt2",
    ]);
    const mixtral = byId.get("mistralai/Mixtral-8x7B-v0.1");
    expect(mixtral).toMatchObject({
      source: "hub",
      revision: sha(3),
      layers: 32,
      d_model: 4096,
      d_ffn: 14336,
      kv_heads: 8,
      moe_experts: 8,
      moe_active_experts: 2,
      is_moe: true,
      license: "apache-2.0",
      likes: 1600,
      downloads: 50000,
      library: "transformers",
      pipeline_tag: "text-generation",
      gated: "no",
      // The mock reports lastModified = createdAt when a fixture gives none.
      last_modified: "2023-12-01T09:00:00.000Z",
    });
    expect(mixtral?.params_b).toBeCloseTo(46.702792704, 9);
    expect(mixtral?.provenance.params_b).toBe("hub");
    const gpt2 = byId.get("openai-community/gpt2");
    expect(gpt2).toMatchObject({
      layers: 12,
      d_model: 768,
      d_ffn: 3072,
      created_at: expect.stringMatching(/^2022-03-02/),
    });
    expect(gpt2?.provenance.params_b).toBe("estimated");
    expect(gpt2?.params_b).toBeGreaterThan(0.1);
    expect(gpt2?.params_b).toBeLessThan(0.2);
    // The llava wrapper's text config names only its base model: its width comes from the fetched base config.
    expect(byId.get("llava-hf/llava-1.5-7b-hf")).toMatchObject({
      d_model: 4096,
      d_ffn: 11008,
      layers: 32,
      multimodal: true,
    });
    expect(byId.get("broken/hangs-once")).toMatchObject({
      is_merged: true,
      kind: "merge",
      base_model: "meta-llama/Llama-2-7b-hf",
    });
    const absurd = byId.get("absurd/huge-values");
    expect(absurd?.layers).toBeNull();
    expect(absurd?.d_ffn).toBeNull();
    expect(absurd?.warnings.join(" ")).toMatch(/8,928/);
  });

  it("records why the other crawled models have no record", async () => {
    const ds = await loadDataset(dir);
    const problems = ds.meta.hub_problems as { id: string; status: string }[];
    expect(Object.fromEntries(problems.map((p) => [p.id, p.status]))).toEqual({
      "meta-llama/Llama-2-7b-hf": "gated",
      "broken/malformed-json": "failed",
      "broken/always-truncated": "failed",
      "broken/always-500": "failed",
      "nodocs/no-config": "missing",
      "gone/deleted-after-listing": "missing",
    });
  });

  it("joins leaderboard v1 results by id and revision, merging files like the leaderboard", async () => {
    const ds = await loadDataset(dir);
    const byId = new Map(ds.records.map((r) => [r.id, r]));
    const gpt2 = byId.get("openai-community/gpt2");
    expect(gpt2?.arc).toBeCloseTo(22.01, 6);
    expect(gpt2?.hellaswag).toBeCloseTo(31.31, 6);
    expect(gpt2?.mmlu).toBeCloseTo(25.83, 6);
    expect(gpt2?.truthfulqa).toBeCloseTo(40.69, 6);
    expect(gpt2?.winogrande).toBeCloseTo(50, 6);
    expect(gpt2?.gsm8k).toBeCloseTo(0.68, 6);
    expect(gpt2?.average).toBeCloseTo((22.01 + 31.31 + 25.83 + 40.69 + 50 + 0.68) / 6, 6);
    expect(gpt2?.precision).toBe("float16");
    expect(gpt2?.submitted_at).toBe("2023-12-03");
    const mixtral = byId.get("mistralai/Mixtral-8x7B-v0.1");
    expect(mixtral?.arc).toBeCloseTo(66.38, 6);
    expect(mixtral?.mmlu).toBeCloseTo(70, 6);
    expect(mixtral?.precision).toBe("bfloat16");
    // The malformed vicuna file is a failure, not a score.
    expect(byId.get("lmsys/vicuna-7b-v1.5")?.arc).toBeNull();
    expect(ds.meta.counts).toMatchObject({
      v1Scored: 2,
      records: 6,
      gated: 1,
      missing: 2,
      failed: 3,
      fetched: 6,
    });
  });

  it("keeps v2 rows of crawled models only, with normalized scores", async () => {
    const ds = await loadDataset(dir);
    expect(ds.v2.map((r) => r.id)).toEqual(["openai-community/gpt2"]);
    expect(ds.v2[0]).toMatchObject({
      revision: sha(2),
      precision: "float16",
      kind: "pretrained",
      ifeval: 17.8,
      bbh: 2.8,
      math: 0,
      gpqa: 1.1,
      musr: 14,
      mmlu_pro: 1.8,
      average: 6.51,
      likes: 2500,
      uploaded_at: "2022-03-02",
    });
  });

  it("rebuilds the same dataset from the cache alone, with the Hub gone", async () => {
    const before = await loadDataset(dir);
    await hub.close();
    const out = join(dir, "rebuilt");
    const r = await buildDataset({ fromCache: join(dir, "hub-cache"), dataDir: out });
    expect(r.cache?.cacheDir).toBe(join(dir, "hub-cache"));
    const after = await loadDataset(out);
    expect(after.records).toEqual(before.records);
    expect(after.v2).toEqual(before.v2);
  });
});
