import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FitCache } from "./fit-cache.ts";
import type { TaskResult } from "./parallel/tasks.ts";

const dir = mkdtempSync(join(tmpdir(), "strata-fit-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = "ab".repeat(32);
const entryFile = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);

describe("FitCache", () => {
  const cache = new FitCache(dir);
  const result: TaskResult = {
    kind: "fit-predict",
    pred: Float64Array.from([1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e-310, Math.PI]),
    ms: 12.5,
  };

  it("a missing entry is a miss", () => {
    expect(cache.get("cd".repeat(32)).status).toBe("miss");
  });

  it("gives back exactly what was stored (every bit of every value) and leaves no temporary file", () => {
    expect(cache.put(KEY, result)).toBe(true);
    const got = cache.get(KEY);
    expect(got.status).toBe("hit");
    if (got.status !== "hit" || got.result.kind !== "fit-predict") throw new Error("no hit");
    expect(new Uint8Array(got.result.pred.buffer)).toEqual(new Uint8Array(result.pred.buffer));
    expect(got.result.ms).toBe(12.5);
    expect(readdirSync(join(dir, "ab"))).toEqual([`${KEY}.json`]);
  });

  const corruptions: [string, (text: string) => string][] = [
    ["truncated", (t) => t.slice(0, t.length / 2)],
    ["with a value changed (checksum)", (t) => t.replace("12.5", "13.5")],
    ["not JSON", () => "\u0000\u0001garbage"],
    ["another layout", (t) => t.replace("strata-fit-cache/1", "strata-fit-cache/0")],
    ["another key inside", (t) => t.replace(KEY, "ef".repeat(32))],
    [
      "a checksum of the wrong text",
      (t) => t.replace(/"sha256":"[0-9a-f]+"/, `"sha256":"${"0".repeat(64)}"`),
    ],
  ];
  for (const [what, corrupt] of corruptions) {
    it(`an entry ${what} is reported corrupt, never returned`, () => {
      cache.put(KEY, result);
      const file = entryFile(KEY);
      const text = readFileSync(file, "utf8");
      const bad = corrupt(text);
      expect(bad).not.toBe(text);
      writeFileSync(file, bad);
      expect(cache.get(KEY).status).toBe("corrupt");
      // The refit's result replaces it.
      cache.put(KEY, result);
      expect(cache.get(KEY).status).toBe("hit");
    });
  }
});
