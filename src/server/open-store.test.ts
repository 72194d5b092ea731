import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpError } from "./errors.ts";
import { DB_CONNECTIONS } from "./limits.ts";
import { openStore } from "./open-store.ts";
import { writeServeFixture } from "./test-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "strata-serve-store-"));
beforeAll(() => writeServeFixture(dir));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openStore", () => {
  it("holds the records, v2 rows and lineage, and a models table to query", async () => {
    const store = await openStore(dir);
    try {
      expect(store.byId.get("meta-llama/Llama-2-7b-hf")?.layers).toBe(32);
      expect(store.v2ById.get("Qwen/Qwen2.5-0.5B")).toHaveLength(1);
      expect(store.derivedFrom.get("meta-llama/Llama-2-7b-hf")).toContain(
        "someorg/llama-2-7b-chat-quantized",
      );
      const n = await store.withConnection(async (c) =>
        Number((await c.runAndReadAll("SELECT count(*) FROM models")).getRowsJS()[0]?.[0]),
      );
      expect(n).toBe(store.records.length);
    } finally {
      await store.close();
    }
  });

  it("closes only when the running queries are done, refusing the waiting ones with 503", async () => {
    const store = await openStore(dir);
    // More queries than connections, each slow enough to be running when close() is called.
    const slow = "SELECT count(*) FROM range(30000000) t(i) WHERE i % 7 = 3";
    const queries = Array.from({ length: DB_CONNECTIONS * 3 }, () =>
      store
        .withConnection(async (c) => Number((await c.runAndReadAll(slow)).getRowsJS()[0]?.[0]))
        .then(
          (v) => ({ ok: v }),
          (e: unknown) => ({ err: e }),
        ),
    );
    await new Promise((r) => setTimeout(r, 20));
    await store.close();
    const results = await Promise.all(queries);
    const done = results.filter((r): r is { ok: number } => "ok" in r);
    const refused = results.filter((r): r is { err: unknown } => "err" in r);
    expect(done.length).toBe(DB_CONNECTIONS);
    expect(done.every((r) => r.ok === 4285714)).toBe(true);
    expect(refused.every((r) => r.err instanceof HttpError && r.err.status === 503)).toBe(true);
    await expect(store.withConnection(async () => 1)).rejects.toThrow(/shutting down/);
  }, 60_000);
});
