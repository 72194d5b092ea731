import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvParser, parseCsvText } from "./csv.ts";

/** RFC 4180 text of `rows` (every field quoted when it needs to be), with the given line end. */
function toCsv(rows: string[][], eol: string): string {
  const quote = (f: string) => (/[",\r\n]/.test(f) || f === "" ? `"${f.replaceAll('"', '""')}"` : f);
  return rows.map((r) => r.map(quote).join(",")).join(eol) + eol;
}

const field = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom('"', '""', ",", "\n", "\r\n", " a,b ", 'say "hi"', "🟢 pretrained"),
);

describe("the CSV reader on generated input (fast-check)", () => {
  it("reads back exactly the rows it is given, whatever the chunking and line ends", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((width) =>
            fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
          ),
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 }),
        (rows, eol, cuts) => {
          const text = toCsv(rows, eol);
          // The same text pushed in arbitrary chunks gives the same records as in one piece.
          const p = new CsvParser();
          const items = [];
          let at = 0;
          for (let i = 0; at < text.length; i++) {
            const n = cuts[i % cuts.length] ?? 1;
            items.push(...p.push(text.slice(at, at + n)));
            at += n;
          }
          items.push(...p.end());
          const fields = items.map((it) => ("fields" in it ? it.fields : it.error));
          expect(fields).toEqual(rows);
          expect(parseCsvText(text).map((it) => ("fields" in it ? it.fields : it.error))).toEqual(rows);
        },
      ),
      { numRuns: 2000, seed: 42 },
    );
  });

  it("turns any text into records or line-numbered errors, never a crash", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", " ", "x", "\uFEFF"), maxLength: 60 }),
        (text) => {
          const items = parseCsvText(text, { header: true });
          let last = 0;
          for (const it of items) {
            expect(Number.isInteger(it.line) && it.line >= 1).toBe(true);
            expect(it.line).toBeGreaterThanOrEqual(last);
            last = it.line;
            if ("error" in it) expect(it.error.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 3000, seed: 42 },
    );
  });
});
