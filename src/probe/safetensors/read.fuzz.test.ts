import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { fuzzSafetensors } from "../../test-safetensors.ts";
import { SafetensorsError } from "../errors.ts";
import { readSafetensorsHeader } from "./read.ts";

const dir = mkdtempSync(join(tmpdir(), "strata-st-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readSafetensorsHeader on generated files (fast-check)", () => {
  it("gives tensors that fit the file, or throws SafetensorsError naming the file", () => {
    let read = 0;
    fc.assert(
      fc.property(fuzzSafetensors, ({ bytes, params }) => {
        const file = join(dir, "model.safetensors");
        writeFileSync(file, bytes);
        let header: ReturnType<typeof readSafetensorsHeader>;
        try {
          header = readSafetensorsHeader(file);
        } catch (err) {
          expect(err).toBeInstanceOf(SafetensorsError);
          expect((err as Error).message).toContain(file);
          return;
        }
        read++;
        let total = 0;
        for (const t of header.tensors.values()) {
          expect(t.offset).toBeGreaterThanOrEqual(header.dataOffset);
          expect(t.offset + t.byteLength).toBeLessThanOrEqual(bytes.length);
          total += t.shape.reduce((a, b) => a * b, 1);
        }
        if (params !== null) expect(total).toBe(params);
      }),
      { numRuns: 2000, seed: 42 },
    );
    expect(read).toBeGreaterThan(100);
  });
});
