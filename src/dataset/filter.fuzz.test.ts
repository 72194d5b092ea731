import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetFile, withDatabase } from "./db.ts";
import { QueryError } from "./errors.ts";
import { FILTER_OPERATORS } from "./filter.ts";
import { queryModelsOn } from "./query-models.ts";
import { saveDataset } from "./save-dataset.ts";
import { MODEL_COLUMNS } from "./schema.ts";
import { sampleDataset } from "./test-records.ts";

const COLUMNS = Object.keys(MODEL_COLUMNS);

const ofKind = (kinds: string[]) =>
  Object.entries(MODEL_COLUMNS)
    .filter(([, k]) => kinds.includes(k))
    .map(([c]) => c);

/** Well-formed filters: a numeric column compared with a number, text searched, a flag tested. */
const wellFormed = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...ofKind(["int", "float"])),
      fc.constantFrom("=", "!=", "<", "<=", ">", ">="),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    )
    .map(([c, op, v]) => `${c}${op}${v}`),
  fc
    .tuple(
      fc.constantFrom(...ofKind(["text", "list", "json"])),
      fc.constantFrom("~", "!~", "=~"),
      fc.string({ maxLength: 8 }),
    )
    .map(([c, op, v]) => `${c}${op}${v}`),
  fc.tuple(fc.constantFrom(...ofKind(["bool"])), fc.boolean()).map(([c, v]) => `${c}=${v}`),
  fc.tuple(fc.constantFrom(...COLUMNS), fc.constantFrom("=", "!=")).map(([c, op]) => `${c}${op}null`),
);

/** Filters near the grammar: real and unknown columns, every operator, values of every shape. */
const filter = fc.oneof(
  { arbitrary: wellFormed, weight: 3 },
  fc
    .tuple(
      fc.oneof(fc.constantFrom(...COLUMNS), fc.string({ maxLength: 6 })),
      fc.oneof(fc.constantFrom(...FILTER_OPERATORS, "==", "=<", "!"), fc.string({ maxLength: 2 })),
      fc.oneof(
        fc.constantFrom("null", "NULL", "true", "no", "32", "-1e309", "7.5", "llama", "'quoted'", '"x'),
        fc.constantFrom("'; DROP TABLE models; --", "(a|b)*c", "[", "\\", "%_", "\u0000", "é"),
        fc.string({ maxLength: 12 }),
        fc.double().map(String),
      ),
      fc.constantFrom("", " ", "  "),
    )
    .map(([c, op, v, pad]) => `${pad}${c}${pad}${op}${pad}${v}`),
  fc.string({ maxLength: 30 }),
);

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "strata-filter-fuzz-"));
  await saveDataset(dir, sampleDataset());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("--where filters on generated input, run by DuckDB (fast-check)", () => {
  it("either runs and returns rows of the table, or is refused with a QueryError", async () => {
    const total = sampleDataset().records.length;
    let ran = 0;
    await withDatabase(datasetFile(dir), "read", async (conn) => {
      await fc.assert(
        fc.asyncProperty(fc.array(filter, { minLength: 1, maxLength: 3 }), async (where) => {
          try {
            const r = await queryModelsOn(conn, { where, columns: ["id"] });
            expect(r.total).toBeLessThanOrEqual(total);
            ran++;
          } catch (err) {
            expect(err, `${JSON.stringify(where)}: ${(err as Error).message}`).toBeInstanceOf(QueryError);
          }
        }),
        { numRuns: 2000, seed: 42 },
      );
      // The table is still whole: no filter text reached the SQL as code.
      const all = await queryModelsOn(conn, { columns: ["id"] });
      expect(all.total).toBe(total);
    });
    expect(ran).toBeGreaterThan(100);
  });
});
