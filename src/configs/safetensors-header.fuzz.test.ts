import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../contracts/index.ts";
import { fuzzSafetensors } from "../test-safetensors.ts";
import { safetensorsParams } from "./read-model-config.ts";

const dir = mkdtempSync(join(tmpdir(), "strata-st-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("safetensorsParams on generated files (fast-check)", () => {
  it("counts the parameters of a valid header or throws ConfigError naming the file", async () => {
    let counted = 0;
    await fc.assert(
      fc.asyncProperty(fuzzSafetensors, async ({ bytes, params }) => {
        const file = join(dir, "model.safetensors");
        writeFileSync(file, bytes);
        try {
          const n = await safetensorsParams(file);
          if (params !== null) expect(n).toBe(params);
          counted++;
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as Error).message).toContain(file);
        }
      }),
      { numRuns: 2000, seed: 42 },
    );
    expect(counted).toBeGreaterThan(100);
  });
});
