import { afterAll, describe, expect, it } from "vitest";
import { loadOpenBlas } from "../../native/openblas.ts";
import { createBlasBackend, createTsBackend } from "../tensor/index.ts";
import { expectAllClose } from "../testing/all-close.ts";
import { TINY_SPECS, tokenIds, writeTinyCheckpoints } from "../testing/fixtures.ts";
import { KvLayer } from "./kv-cache.ts";
import { loadModel } from "./model.ts";

const fx = writeTinyCheckpoints();
afterAll(() => fx.cleanup());
const blas = loadOpenBlas();
const backends = [
  ["typescript", createTsBackend()],
  ...(blas ? [["openblas", createBlasBackend(blas)] as const] : []),
] as const;

describe.each(backends)("KV cache on the %s backend", (_b, backend) => {
  describe.each(Object.keys(TINY_SPECS))("%s", (name) => {
    const spec = TINY_SPECS[name] as (typeof TINY_SPECS)[string];
    const V = spec.vocabSize;
    const ids = tokenIds(17, V, 9);
    const load = () => loadModel(fx.dirs[name] as string, { backend });

    it("prompt then one token at a time gives the full forward's logits at every position", () => {
      const model = load();
      const full = model.forward(ids).logits;
      const cache = model.createCache();
      const rows: number[] = Array.from(model.forwardCached(ids.subarray(0, 6), cache, 6));
      for (let t = 6; t < ids.length; t++) rows.push(...model.forwardCached(ids.subarray(t, t + 1), cache));
      expect(cache.length).toBe(ids.length);
      expectAllClose(rows, full, 1e-5, 1e-6, name);
    });

    it("chunks of several tokens, and a truncated cache that branches again, match too", () => {
      const model = load();
      const full = model.forward(ids).logits;
      const cache = model.createCache();
      model.forwardCached(ids.subarray(0, 5), cache, 0);
      model.forwardCached(tokenIds(4, V, 99), cache, 0); // a detour, then back to position 5
      cache.truncate(5);
      const tail = model.forwardCached(ids.subarray(5), cache, ids.length - 5);
      expectAllClose(tail, full.subarray(5 * V), 1e-5, 1e-6, name);
    });

    it("branches over a shared prefix give each branch's full-forward logits from its first wanted row", () => {
      const model = load();
      const prefix = ids.subarray(0, 9);
      const branches = [
        { ids: Int32Array.of(3, 4, 5), from: 0 },
        { ids: Int32Array.of(7), from: 0 },
        { ids: Int32Array.of(1, 2, 6, 0), from: 2 },
      ];
      const got = model.branchLogits(prefix, branches);
      branches.forEach((b, k) => {
        const whole = Int32Array.from([...prefix, ...b.ids]);
        const want = model.forward(whole).logits.subarray((prefix.length + b.from) * V);
        expectAllClose(got[k] as Float32Array, want, 1e-5, 1e-6, `${name} branch ${k}`);
      });
    });
  });
});

describe("KvLayer", () => {
  it("grows past its first capacity and keeps earlier rows", () => {
    const kv = new KvLayer(2, 1);
    kv.append(Float32Array.of(1, 2), Float32Array.of(3, 4), 1);
    kv.append(Float32Array.of(5, 6, 7, 8), Float32Array.of(9, 10, 11, 12), 2);
    expect(kv.length).toBe(3);
    expect(Array.from(kv.k.subarray(0, 6))).toEqual([1, 2, 5, 6, 7, 8]);
    expect(Array.from(kv.v.subarray(0, 6))).toEqual([3, 4, 9, 10, 11, 12]);
  });
  it("refuses to truncate past its length", () => {
    const kv = new KvLayer(2, 4);
    expect(() => kv.truncate(1)).toThrow(/cannot truncate a cache of 0 positions to 1/);
  });
});
