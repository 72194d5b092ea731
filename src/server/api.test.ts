import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ModelRecord, V1_BENCHMARKS } from "../contracts/index.ts";
import { MODEL_COLUMNS } from "../dataset/index.ts";
import type { ModelCounts } from "./api/count-models.ts";
import type { ModelPage } from "./api/list-models.ts";
import type { ModelDetail } from "./api/model-detail.ts";
import type { PredictResponse } from "./api/predict.ts";
import type { ScatterPoints } from "./api/scatter-points.ts";
import type { SizeBins } from "./api/size-bins.ts";
import { MAX_BODY_BYTES, MAX_PAGE_SIZE } from "./limits.ts";
import { isLoopback, type RunningServer, startServer } from "./start-server.ts";
import { rawGet, writeServeFixture } from "./test-fixture.ts";

const root = mkdtempSync(join(tmpdir(), "strata-serve-api-"));
const dataDir = join(root, "data");
const webDir = join(root, "web");
let server: RunningServer;
let records: ModelRecord[];

beforeAll(async () => {
  records = await writeServeFixture(dataDir);
  mkdirSync(join(webDir, "assets"), { recursive: true });
  writeFileSync(join(webDir, "index.html"), "<!doctype html><title>strata test page</title>");
  writeFileSync(
    join(webDir, "assets", "main-ABCDEFGH.js"),
    `console.log(${JSON.stringify("x".repeat(4000))});`,
  );
  server = await startServer({ dataDir, webDir, port: 0, predictWorkers: 0 });
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

const url = (path: string) => new URL(path, server.url).href;

async function get<T>(
  path: string,
): Promise<{ status: number; body: T & { error?: string; param?: string } }> {
  const res = await fetch(url(path));
  return { status: res.status, body: (await res.json()) as T & { error?: string; param?: string } };
}

async function ok<T>(path: string): Promise<T> {
  const r = await get<T>(path);
  expect(r.status, `${path}: ${r.body.error}`).toBe(200);
  return r.body;
}

async function post(body: unknown, headers: Record<string, string> = { "Content-Type": "application/json" }) {
  const res = await fetch(url("/api/predict"), {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as PredictResponse & { error?: string; param?: string },
  };
}

const ids = (rs: readonly { id: string }[]) => rs.map((r) => r.id).sort();
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe("GET /api/meta", () => {
  it("describes the dataset, every column and the quick filters", async () => {
    const m = await ok<{
      dataset: { models: number; source: string };
      columns: { name: string; kind: string }[];
      sizeBins: { id: string }[];
      toggles: { name: string }[];
    }>("/api/meta");
    expect(m.dataset.models).toBe(records.length);
    expect(m.dataset.source).toBe("serve test fixture");
    expect(m.columns.map((c) => c.name)).toEqual(Object.keys(MODEL_COLUMNS));
    expect(m.sizeBins.map((b) => b.id)).toEqual(["0-3", "3-7", "7-14", "14-65", "65-"]);
    expect(m.toggles.map((t) => t.name)).toEqual(["moe", "merged", "flagged", "imputed"]);
    expect((await get("/api/meta?x=1")).status).toBe(400);
  });
});

describe("GET /api/models", () => {
  it("pages through every model sorted by id by default, the page size bounded", async () => {
    const first = await ok<ModelPage>("/api/models?columns=id&limit=50");
    expect(first.total).toBe(records.length);
    expect(first.rows).toHaveLength(50);
    const seen: string[] = [];
    for (let offset = 0; offset < first.total; offset += 50) {
      const page = await ok<ModelPage>(`/api/models?columns=id&limit=50&offset=${offset}`);
      seen.push(...page.rows.map((r) => String(r.id)));
    }
    expect(seen).toEqual(records.map((r) => r.id).sort(byId));
    const full = await ok<ModelPage>("/api/models");
    expect(full.limit).toBe(100);
    expect(full.columns).toEqual(Object.keys(MODEL_COLUMNS));
    expect(full.rows[0]).toEqual(records.find((r) => r.id === full.rows[0]?.id));
  });

  it("searches by name substring, /regex/ and @field:value", async () => {
    const sub = await ok<ModelPage>("/api/models?q=MISTRAL&columns=id&limit=1000");
    expect(ids(sub.rows as { id: string }[])).toEqual(ids(records.filter((r) => /mistral/i.test(r.id))));
    const re = await ok<ModelPage>(
      `/api/models?q=${encodeURIComponent("/^sample-org-1\\//")}&columns=id&limit=1000`,
    );
    expect(ids(re.rows as { id: string }[])).toEqual(
      ids(records.filter((r) => r.id.startsWith("sample-org-1/"))),
    );
    const q = encodeURIComponent("@architecture:mistral @kind:merge @evidence:name+size");
    const field = await ok<ModelPage>(`/api/models?q=${q}&columns=id,architecture,kind,evidence&limit=1000`);
    const want = records.filter(
      (r) => /mistral/i.test(r.architecture ?? "") && r.kind === "merge" && r.evidence === "name+size",
    );
    expect(want.length).toBeGreaterThan(0);
    expect(ids(field.rows as { id: string }[])).toEqual(ids(want));
    const num = await ok<ModelPage>(
      `/api/models?q=${encodeURIComponent("@layers:>=40 @kv_heads:8")}&columns=id`,
    );
    expect(num.total).toBe(records.filter((r) => (r.layers ?? 0) >= 40 && r.kv_heads === 8).length);
  });

  it("ORs the quick size filters and applies the toggles (imputed reads evidence)", async () => {
    const size = await ok<ModelPage>("/api/models?size=0-3,65-&columns=id,params_b&limit=1000");
    const want = records.filter((r) => r.params_b !== null && (r.params_b <= 3 || r.params_b > 65));
    expect(ids(size.rows as { id: string }[])).toEqual(ids(want));
    const moe = await ok<ModelPage>("/api/models?moe=only&columns=id&limit=1000");
    expect(ids(moe.rows as { id: string }[])).toEqual(ids(records.filter((r) => r.is_moe)));
    const noMerge = await ok<ModelPage>("/api/models?merged=hide&columns=id&limit=1000");
    expect(noMerge.total).toBe(records.filter((r) => !r.is_merged).length);
    const imputed = await ok<ModelPage>("/api/models?imputed=only&columns=id&limit=1000");
    const isImputed = (r: ModelRecord) => !["config", "registry", "unresolved"].includes(r.evidence);
    expect(ids(imputed.rows as { id: string }[])).toEqual(ids(records.filter(isImputed)));
    const read = await ok<ModelPage>("/api/models?imputed=hide&columns=id,evidence&limit=1000");
    expect(read.total).toBe(records.filter((r) => !isImputed(r)).length);
    const where = await ok<ModelPage>("/api/models?where=layers%3E%3D40&where=kind%3Dpretrained&columns=id");
    expect(where.total).toBe(records.filter((r) => (r.layers ?? 0) >= 40 && r.kind === "pretrained").length);
  });

  it("sorts by any column, missing values last, and returns the columns asked", async () => {
    const r = await ok<ModelPage>("/api/models?sort=-mmlu&columns=id,mmlu&limit=1000");
    expect(r.columns).toEqual(["id", "mmlu"]);
    const scores = r.rows.map((x) => x.mmlu as number | null);
    const known = scores.filter((s): s is number => s !== null);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(scores.slice(known.length).every((s) => s === null)).toBe(true);
    const asc = await ok<ModelPage>("/api/models?sort=params_b&columns=id,params_b&limit=1");
    expect(asc.rows[0]?.params_b).toBe(
      Math.min(...records.flatMap((x) => (x.params_b === null ? [] : [x.params_b]))),
    );
  });

  it.each([
    ["bogus=1", "bogus", /unknown parameter 'bogus'/],
    ["limit=0", "limit", /from 1 to 1000/],
    [`limit=${MAX_PAGE_SIZE + 1}`, "limit", /from 1 to 1000/],
    ["limit=ten", "limit", /whole number/],
    ["limit=5&limit=6", "limit", /given 2 times/],
    ["offset=-1", "offset", /whole number/],
    ["sort=nope", "sort", /unknown column 'nope'/],
    ["sort=provenance", "sort", /cannot sort by provenance/],
    ["columns=id,nope", "columns", /unknown column 'nope'/],
    ["columns=id,id", "columns", /twice/],
    ["q=%40depth%3A3", "q", /unknown column 'depth'/],
    ["q=%40layers%3Amany", "q", /not a number/],
    ["q=%2F(%2F", "q", /invalid regular expression/],
    ["where=layers%3E%3Dmany", "where", /not a number/],
    ["where=nonsense", "where", /expected <column><op><value>/],
    ["size=2-3", "size", /unknown size bin '2-3'/],
    ["moe=maybe", "moe", /one of only, hide/],
  ])("400 for %s, naming the parameter", async (qs, param, message) => {
    const r = await get(`/api/models?${qs}`);
    expect(r.status).toBe(400);
    expect(r.body.param).toBe(param);
    expect(r.body.error).toMatch(message);
  });
});

describe("GET /api/counts", () => {
  it("counts each size bin without the size filter and each toggle without the toggles", async () => {
    const c = await ok<ModelCounts>("/api/counts?q=llama&size=7-14&moe=hide");
    const llama = records.filter((r) => r.id.toLowerCase().includes("llama"));
    const inBin = (r: ModelRecord) => r.params_b !== null && r.params_b > 7 && r.params_b <= 14;
    expect(c.total).toBe(llama.filter((r) => inBin(r) && !r.is_moe).length);
    expect(c.size["3-7"]).toBe(
      llama.filter((r) => !r.is_moe && r.params_b !== null && r.params_b > 3 && r.params_b <= 7).length,
    );
    expect(c.toggles.merged).toBe(llama.filter((r) => inBin(r) && r.is_merged).length);
    expect((await get("/api/counts?sort=id")).status).toBe(400);
  });
});

describe("GET /api/models/:id", () => {
  it("gives the record, v2 rows, nearest distinct structures, base and siblings", async () => {
    const d = await ok<ModelDetail>("/api/models/someorg/llama-2-7b-chat-quantized");
    expect(d.record.id).toBe("someorg/llama-2-7b-chat-quantized");
    expect(d.record.evidence).toBe("lineage");
    expect(d.record.impute_confidence).toBe(0.8);
    expect(d.base).toMatchObject({ id: "meta-llama/Llama-2-7b-hf", inDataset: true });
    expect(d.hubUrl).toBe("https://huggingface.co/someorg/llama-2-7b-chat-quantized");
    // Same structure as Llama-2-7b (and the generated llama-7B rows): listed as twins, not as neighbours.
    expect(d.sameStructure.models.map((m) => m.id)).toContain("meta-llama/Llama-2-7b-hf");
    expect(d.nearest.length).toBeGreaterThan(0);
    expect(d.nearest.map((n) => n.id)).not.toContain("meta-llama/Llama-2-7b-hf");
    const dist = d.nearest.map((n) => n.distance);
    expect(dist).toEqual([...dist].sort((a, b) => a - b));
    const base = await ok<ModelDetail>("/api/models/meta-llama/Llama-2-7b-hf");
    expect(base.derived.models.map((m) => m.id)).toContain("someorg/llama-2-7b-chat-quantized");
    const qwen = await ok<ModelDetail>("/api/models/Qwen%2FQwen2.5-0.5B");
    expect(qwen.v2).toHaveLength(1);
    expect(qwen.v2[0]?.ifeval).toBe(16.27);
  });

  it("lists the other fine-tunes of the same base", async () => {
    const tuned = records.find((r) => r.evidence === "name+size" && r.imputed_from !== null) as ModelRecord;
    const d = await ok<ModelDetail>(`/api/models/${tuned.id}`);
    const want = records.filter(
      (r) =>
        r.id !== tuned.id && (r.base_model === tuned.imputed_from || r.imputed_from === tuned.imputed_from),
    );
    expect(d.siblings.total).toBe(want.length);
  });

  it("404 for an unknown model, 400 for parameters it does not take", async () => {
    const r = await get("/api/models/nobody/nothing");
    expect(r.status).toBe(404);
    expect(r.body.error).toContain("nobody/nothing");
    expect((await get("/api/models/openai-community/gpt2?x=1")).status).toBe(400);
  });
});

describe("GET /api/export", () => {
  it("downloads the selected rows as CSV with the chosen columns and sort", async () => {
    const res = await fetch(url("/api/export?format=csv&q=mistral&columns=id,params_b&sort=-params_b"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="strata-models.csv"');
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toBe("id,params_b");
    const want = records.filter((r) => /mistral/i.test(r.id));
    expect(lines).toHaveLength(want.length + 1);
    expect(lines[1]).toBe("mistralai/Mixtral-8x7B-v0.1,46.7");
  });

  it("downloads Parquet that DuckDB reads back row for row", async () => {
    const res = await fetch(url("/api/export?format=parquet&size=0-3"));
    expect(res.status).toBe(200);
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf.subarray(0, 4).toString()).toBe("PAR1");
    const file = join(root, "check.parquet");
    writeFileSync(file, buf);
    const inst = await DuckDBInstance.create(":memory:");
    const conn = await inst.connect();
    const rows = (await conn.runAndReadAll(`SELECT id FROM '${file}' ORDER BY id`))
      .getRowsJS()
      .map((r) => String(r[0]));
    conn.closeSync();
    inst.closeSync();
    expect(rows).toEqual(ids(records.filter((r) => r.params_b !== null && r.params_b <= 3)));
  });

  it("400 for an unknown format", async () => {
    const r = await get("/api/export?format=xlsx");
    expect(r.status).toBe(400);
    expect(r.body.param).toBe("format");
  });
});

describe("GET /api/scatter and /api/size-bins", () => {
  it("gives every selected model with both values, coloured", async () => {
    const s = await ok<ScatterPoints>("/api/scatter?x=params_b&y=mmlu&color=kind");
    expect(s.points).toHaveLength(records.filter((r) => r.params_b !== null && r.mmlu !== null).length);
    const gpt2 = s.points.find((p) => p[0] === "openai-community/gpt2");
    expect(gpt2).toEqual(["openai-community/gpt2", 0.124, 25.83, "pretrained"]);
    const dated = await ok<ScatterPoints>("/api/scatter?x=submitted_at&y=average&color=none");
    expect(dated.xType).toBe("temporal");
    expect(dated.color).toBeNull();
    for (const [qs, param] of [
      ["x=provenance", "x"],
      ["y=id", "y"],
      ["color=layers", "color"],
    ]) {
      const r = await get(`/api/scatter?${qs}`);
      expect([r.status, r.body.param]).toEqual([400, param]);
    }
  });

  it("bins scored models by size with the number of bins asked", async () => {
    const b = await ok<SizeBins>("/api/size-bins?target=arc&bins=4");
    expect(b.bins).toBe(4);
    expect(new Set(b.stats.map((s) => s.bin)).size).toBeLessThanOrEqual(4);
    expect(b.stats.every((s) => s.q1 <= s.median && s.median <= s.q3)).toBe(true);
    for (const qs of ["bins=1", "bins=51", "target=bogus"])
      expect((await get(`/api/size-bins?${qs}`)).status).toBe(400);
  });
});

describe("GET /api/report", () => {
  it("404 saying how to make the report when there is none", async () => {
    const r = await get("/api/report");
    expect(r.status).toBe(404);
    expect(r.body.error).toContain(join(dataDir, "report", "report.json"));
    expect(r.body.error).toContain("strata report");
  });
});

describe("POST /api/predict", () => {
  const llama = JSON.parse(
    readFileSync(new URL("../configs/fixtures/llama-2-7b.json", import.meta.url), "utf8"),
  );

  it("predicts six scores with intervals and neighbours from a pasted config, then from memory", async () => {
    const r = await post({ config: llama, k: 3, date: "2024-01" });
    expect(r.status, r.body.error).toBe(200);
    expect(r.body.structure.layers).toBe(32);
    expect(r.body.scores.map((s) => s.target)).toEqual([...V1_BENCHMARKS]);
    for (const s of r.body.scores) {
      expect(s.lower).toBeLessThanOrEqual(s.prediction);
      expect(s.prediction).toBeLessThanOrEqual(s.upper);
    }
    expect(r.body.neighbours).toHaveLength(3);
    expect(r.body.cached).toBe(false);
    const again = await post({ config: llama, k: 3, date: "2024-01" });
    expect(again.body.cached).toBe(true);
    expect(again.body.scores).toEqual(r.body.scores);
  }, 120_000);

  it("warms the forests on request, then answers new structures from them", async () => {
    const w = await fetch(url("/api/predict/warm"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(w.status).toBe(200);
    await post({ config: llama, date: "2023-11" });
    const fresh = await post({ config: { ...llama, num_hidden_layers: 30 }, date: "2023-11" });
    expect(fresh.status, fresh.body.error).toBe(200);
    expect(fresh.body.cached).toBe(false);
    expect(fresh.body.structure.layers).toBe(30);
    expect(fresh.body.features.layers).toBe(30);
  }, 120_000);

  it("starts from a known model and applies edited fields", async () => {
    const r = await post({ from: "meta-llama/Llama-2-7b-hf", structure: { layers: 40 }, date: "2024-01" });
    expect(r.status, r.body.error).toBe(200);
    expect(r.body.structure).toMatchObject({ layers: 40, d_model: 4096, d_ffn: 11008 });
    expect(r.body.features.layers).toBe(40);
  }, 120_000);

  it.each([
    [{ config: [1, 2] }, "config", /not a model config/],
    [{ config: llama, from: "x" }, "config", /cannot be combined/],
    [{}, "body", /give a config/],
    [{ from: "nobody/nothing" }, "from", /no model 'nobody\/nothing'/],
    [{ structure: { layers: -1 } }, "structure.layers", /not positive/],
    [{ structure: { depth: 3 } }, "structure.depth", /unknown structure field/],
    [{ config: llama, alpha: 2 }, "alpha", /alpha/],
    [{ config: llama, k: 0 }, "k", /k must be/],
    [{ config: llama, date: "2024-13" }, "date", /YYYY-MM/],
    [{ config: llama, extra: 1 }, "extra", /unknown field 'extra'/],
    [[1], "body", /JSON object/],
  ])("400 for %j naming %s", async (body, param, message) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.body.param).toBe(param);
    expect(r.body.error).toMatch(message);
  });

  it("400 for a body that is not JSON, 415 for another content type, 405 for GET", async () => {
    expect((await post("{nope")).status).toBe(400);
    expect((await post("{}", { "Content-Type": "text/plain" })).status).toBe(415);
    const g = await fetch(url("/api/predict"));
    expect(g.status).toBe(405);
    expect(g.headers.get("allow")).toBe("POST");
  });

  it("413 for a body over the limit, declared or streamed, and keeps serving", async () => {
    const big = JSON.stringify({ config: { pad: "x".repeat(MAX_BODY_BYTES) } });
    const r = await post(big);
    expect(r.status).toBe(413);
    expect(r.body.param).toBe("body");
    // Streamed without a length (chunked): cut off when the running size passes the limit.
    const chunks = new ReadableStream({
      start(c) {
        for (let i = 0; i < 40; i++) c.enqueue(new TextEncoder().encode("x".repeat(16 * 1024)));
        c.close();
      },
    });
    const s = await fetch(url("/api/predict"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(s.status).toBe(413);
    expect((await get("/api/meta")).status).toBe(200);
  });
});

describe("static files and request hygiene", () => {
  it("serves the page for its routes with a CSP that keeps every request on this server", async () => {
    for (const path of ["/", "/models", "/explore", "/model/meta-llama/Llama-2-7b-hf"]) {
      const res = await fetch(url(path));
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain("strata test page");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain("unsafe-eval");
    }
    expect((await fetch(url("/nothing"))).status).toBe(404);
  });

  it("serves hashed assets gzipped, immutable, with an ETag", async () => {
    const r = await rawGet(server.url, "/assets/main-ABCDEFGH.js", { "Accept-Encoding": "gzip" });
    expect(r.status).toBe(200);
    expect(r.headers["content-encoding"]).toBe("gzip");
    expect(r.headers["cache-control"]).toContain("immutable");
    const again = await rawGet(server.url, "/assets/main-ABCDEFGH.js", {
      "If-None-Match": String(r.headers.etag),
    });
    expect(again.status).toBe(304);
  });

  it.each([
    "/../package.json",
    "/assets/../../package.json",
    "/%2e%2e/package.json",
    "/assets/%2E%2E/%2e%2e/src/server/limits.ts",
    "/assets/..%2f..%2fpackage.json",
    "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
    "/api/models/..%2F..%2Fpackage.json",
    "/assets/..\\..\\package.json",
    "/assets/%5c..%5cpackage.json",
    "/assets/x%00.js",
    "/assets/%E0%A4%A",
  ])("refuses the traversal attempt %s with 400 and no file content", async (path) => {
    const r = await rawGet(server.url, path);
    expect(r.status).toBe(400);
    expect(r.body).not.toContain('"name": "strata"');
    expect(r.body).not.toContain("MAX_PAGE_SIZE");
    expect(JSON.parse(r.body).error).toBeTruthy();
  });

  it("refuses a foreign Host (DNS rebinding), an overlong URL, unknown endpoints and methods", async () => {
    expect((await rawGet(server.url, "/api/meta", { Host: "evil.example:80" })).status).toBe(403);
    expect((await rawGet(server.url, "/api/meta", { Host: `localhost:${server.port}` })).status).toBe(200);
    expect((await rawGet(server.url, `/api/models?q=${"a".repeat(9000)}`)).status).toBe(414);
    expect((await get("/api/nothing")).status).toBe(404);
    const del = await fetch(url("/api/models"), { method: "DELETE" });
    expect(del.status).toBe(405);
  });

  it("listens on loopback only by default", () => {
    expect(server.host).toBe("127.0.0.1");
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.warnings).toEqual([]);
    expect([
      isLoopback("127.0.0.1"),
      isLoopback("::1"),
      isLoopback("localhost"),
      isLoopback("127.1.2.3"),
    ]).toEqual([true, true, true, true]);
    expect([isLoopback("0.0.0.0"), isLoopback("192.168.1.4"), isLoopback("::")]).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe("startServer", () => {
  it("fails naming the missing dataset and how to build it", async () => {
    await expect(startServer({ dataDir: join(root, "none"), webDir, port: 0 })).rejects.toThrow(
      /no dataset at .*none\/strata\.duckdb: run `strata build` first/,
    );
  });

  it("fails saying how to build a missing front end", async () => {
    await expect(startServer({ dataDir, webDir: join(root, "empty"), port: 0 })).rejects.toThrow(
      /npm run build:web/,
    );
  });

  it("stops cleanly with queries in flight and waiting for a connection", async () => {
    // No grace: sockets are cut at once while their handlers still query DuckDB or wait for a connection.
    const s = await startServer({ dataDir, webDir, port: 0, cache: false, closeGraceMs: 0 });
    const inflight = Array.from({ length: 200 }, (_, i) =>
      fetch(new URL(`/api/export?format=csv&q=${i % 7}&sort=-average`, s.url)).then(
        (r) => r.status,
        () => 0,
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    const t = performance.now();
    await s.close();
    expect(performance.now() - t).toBeLessThan(5000);
    // Each request was answered (200), refused while shutting down (503) or cut off (0): none hung.
    expect((await Promise.all(inflight)).every((st) => st === 200 || st === 503 || st === 0)).toBe(true);
  });

  it("serves the report once report.json exists, and stops cleanly", async () => {
    const dir = join(root, "with-report");
    await writeServeFixture(dir, { report: true });
    const s = await startServer({ dataDir: dir, webDir, port: 0 });
    try {
      const res = await fetch(new URL("/api/report", s.url));
      expect(res.status).toBe(200);
      const r = (await res.json()) as { sections: { id: string; figures: { spec: object }[] }[] };
      expect(r.sections.map((x) => x.id)).toContain("regression");
      expect(r.sections.flatMap((x) => x.figures).length).toBeGreaterThan(5);
    } finally {
      await s.close();
    }
    await expect(fetch(new URL("/api/meta", s.url))).rejects.toThrow();
  }, 60_000);
});
