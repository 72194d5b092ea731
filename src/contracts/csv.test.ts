import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CsvItem, CsvParser, parseCsvText, readCsvFile } from "./csv.ts";

const records = (items: CsvItem[]) =>
  items.filter((i): i is { line: number; fields: string[] } => "fields" in i);
const errors = (items: CsvItem[]) => items.filter((i): i is { line: number; error: string } => "error" in i);

describe("parseCsvText (RFC 4180)", () => {
  it("reads quoted fields, doubled quotes, embedded commas and newlines with start lines", () => {
    const text = 'a,b,c\n1,"x, y","say ""hi"""\n2,"multi\nline\nfield",z\n3,,\n';
    const items = parseCsvText(text, { header: true });
    expect(errors(items)).toEqual([]);
    expect(records(items)).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "x, y", 'say "hi"'] },
      { line: 3, fields: ["2", "multi\nline\nfield", "z"] },
      { line: 6, fields: ["3", "", ""] },
    ]);
  });

  it("strips a BOM and handles CRLF and a missing final newline", () => {
    const items = parseCsvText('\uFEFFid,v\r\nx,"1\r\n2"\r\ny,3', { header: true });
    expect(records(items)).toEqual([
      { line: 1, fields: ["id", "v"] },
      { line: 2, fields: ["x", "1\r\n2"] },
      { line: 4, fields: ["y", "3"] },
    ]);
  });

  it("reports a wrong field count and keeps every other row", () => {
    const items = parseCsvText("a,b\n1,2\n3,4,5\n6\n7,8\n", { header: true });
    expect(errors(items).map((e) => e.line)).toEqual([3, 4]);
    expect(records(items).map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it("recovers from a stray opening quote: only its own line is lost", () => {
    // Line 3 opens a quote that is never closed on that line; the quote on line 5 closes it.
    const text = 'a,b,c\n1,x,y\n2,"broken,y\n3,x,y\n4,"q",y\n5,x,y\n';
    const items = parseCsvText(text, { header: true });
    expect(errors(items).map((e) => e.line)).toEqual([3]);
    expect(records(items).map((r) => r.fields[0])).toEqual(["a", "1", "3", "4", "5"]);
  });

  it("recovers from a quote left open up to the end of the file", () => {
    const items = parseCsvText('a,b\n1,2\n"oops,3\n4,5\n', { header: true });
    expect(errors(items)).toEqual([{ line: 3, error: expect.stringContaining("unterminated") }]);
    expect(records(items).map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["4", "5"],
    ]);
  });

  it("gives the same result whatever the chunk boundaries", () => {
    const text = 'h1,h2\r\n"a""b","c\r\nd"\r\ne,f\r\n"g",h\r\n';
    const whole = parseCsvText(text, { header: true });
    const p = new CsvParser({ header: true });
    const pieces: CsvItem[] = [];
    for (const ch of text) pieces.push(...p.push(ch));
    pieces.push(...p.end());
    expect(pieces).toEqual(whole);
    expect(records(whole)).toHaveLength(4);
  });

  it("streams a file from disk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-csv-"));
    const file = join(dir, "x.csv");
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},"v ${i}, ""q"""`);
    writeFileSync(file, `id,v\n${rows.join("\n")}\n`);
    const out: CsvItem[] = [];
    for await (const it of readCsvFile(file)) out.push(it);
    expect(errors(out)).toEqual([]);
    expect(out).toHaveLength(5001);
    expect(out[4321]).toEqual({ line: 4322, fields: ["4320", 'v 4320, "q"'] });
  });
});
