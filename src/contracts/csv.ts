import { createReadStream } from "node:fs";

/**
 * A streaming RFC 4180 reader: quoted fields, doubled quotes, commas and newlines inside quotes,
 * a leading BOM, LF / CRLF / bare CR line ends. Every record carries the 1-based line number where it
 * starts. Malformed records become `{ line, error }` items and reading resumes at the next physical
 * line, so one bad row never swallows the rows after it.
 */
export type CsvItem = { line: number; fields: string[] } | { line: number; error: string };

/** A record longer than this (in characters) is treated as an unterminated quoted field. */
export const MAX_RECORD_CHARS = 1 << 20;
/** Chunk size for reading the file. */
const READ_CHUNK_BYTES = 1 << 16;

type Scan =
  | { kind: "need-more" }
  | { kind: "record"; fields: string[]; end: number; lineBreaks: number; blank: boolean; stray: boolean }
  | { kind: "unterminated" };

/**
 * Scans one record starting at `start`. Returns "need-more" when the buffer ends inside the record and
 * more input may come.
 */
function scanRecord(buf: string, start: number, eof: boolean): Scan {
  const fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let wasQuoted = false;
  let closedQuote = false;
  let stray = false;
  let lineBreaks = 0;
  let pos = start;
  const n = buf.length;
  for (;;) {
    if (pos - start > MAX_RECORD_CHARS) return { kind: "unterminated" };
    if (pos >= n) {
      if (!eof) return { kind: "need-more" };
      if (inQuotes) return { kind: "unterminated" };
      fields.push(field);
      const blank = fields.length === 1 && field === "" && !wasQuoted;
      return { kind: "record", fields, end: pos, lineBreaks, blank, stray };
    }
    const c = buf.charCodeAt(pos);
    if (inQuotes) {
      if (c === 34 /* " */) {
        if (pos + 1 >= n && !eof) return { kind: "need-more" };
        if (buf.charCodeAt(pos + 1) === 34) {
          field += '"';
          pos += 2;
        } else {
          inQuotes = false;
          closedQuote = true;
          pos += 1;
        }
        continue;
      }
      // Copy the run up to the next quote in one slice, counting the line breaks inside it.
      let q = buf.indexOf('"', pos);
      if (q < 0) q = n;
      for (let i = pos; i < q; i++) {
        const ch = buf.charCodeAt(i);
        if (ch === 10 || (ch === 13 && buf.charCodeAt(i + 1) !== 10)) lineBreaks += 1;
      }
      field += buf.slice(pos, q);
      pos = q;
      continue;
    }
    if (c === 44 /* , */) {
      fields.push(field);
      field = "";
      wasQuoted = false;
      closedQuote = false;
      pos += 1;
    } else if (c === 10 || c === 13) {
      if (c === 13) {
        if (pos + 1 >= n && !eof) return { kind: "need-more" };
        if (buf.charCodeAt(pos + 1) === 10) pos += 1;
      }
      fields.push(field);
      const blank = fields.length === 1 && field === "" && !wasQuoted;
      return { kind: "record", fields, end: pos + 1, lineBreaks: lineBreaks + 1, blank, stray };
    } else if (c === 34 && field === "" && !wasQuoted) {
      inQuotes = true;
      wasQuoted = true;
      pos += 1;
    } else {
      // Text right after a closing quote breaks RFC 4180: usually a stray quote joined several lines.
      if (closedQuote) stray = true;
      // Plain run up to the next comma or line end. Lenient: a quote inside an unquoted field is kept.
      let end = pos + 1;
      while (end < n) {
        const ch = buf.charCodeAt(end);
        if (ch === 44 || ch === 10 || ch === 13) break;
        end += 1;
      }
      field += buf.slice(pos, end);
      pos = end;
    }
  }
}

/** Index just past the first line end at or after `start` (or the buffer length). */
function nextPhysicalLine(buf: string, start: number): number {
  for (let i = start; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return buf.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return buf.length;
}

/**
 * Incremental parser: `push` text chunks, then `end()`. `expectFields` (set after the header) makes a
 * record with another field count an error; when such a record spans several physical lines (a stray
 * quote joined them), only its first line is dropped and the following lines are parsed again.
 */
export class CsvParser {
  private buf = "";
  private line = 1;
  private started = false;
  expectFields: number | null = null;
  private readonly header: boolean;

  /** `header`: the first record is a header and fixes `expectFields` for the rest. */
  constructor(opts: { header?: boolean } = {}) {
    this.header = opts.header ?? false;
  }

  push(chunk: string): CsvItem[] {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buf += chunk;
    return this.drain(false);
  }

  end(): CsvItem[] {
    return this.drain(true);
  }

  private drain(eof: boolean): CsvItem[] {
    const out: CsvItem[] = [];
    let pos = 0;
    while (pos < this.buf.length) {
      const scan = scanRecord(this.buf, pos, eof);
      if (scan.kind === "need-more") break;
      if (scan.kind === "unterminated") {
        out.push({ line: this.line, error: "unterminated quoted field; the line is skipped" });
        pos = nextPhysicalLine(this.buf, pos);
        this.line += 1;
        continue;
      }
      if (scan.blank) {
        pos = scan.end;
        this.line += scan.lineBreaks;
        continue;
      }
      const expected = this.expectFields;
      if (scan.stray || (expected !== null && scan.fields.length !== expected)) {
        out.push({
          line: this.line,
          error: scan.stray
            ? "text after a closing quote (stray quote); the row is skipped"
            : `expected ${expected} fields, found ${scan.fields.length}; the row is skipped`,
        });
        if (scan.lineBreaks > 1) {
          pos = nextPhysicalLine(this.buf, pos);
          this.line += 1;
        } else {
          pos = scan.end;
          this.line += scan.lineBreaks;
        }
        continue;
      }
      out.push({ line: this.line, fields: scan.fields });
      if (this.header && expected === null) this.expectFields = scan.fields.length;
      pos = scan.end;
      this.line += scan.lineBreaks;
    }
    this.buf = this.buf.slice(pos);
    return out;
  }
}

/** Parses a whole CSV text (tests, small files). */
export function parseCsvText(text: string, opts: { header?: boolean } = {}): CsvItem[] {
  const p = new CsvParser(opts);
  return [...p.push(text), ...p.end()];
}

/**
 * Streams the records of a CSV file. The first record is the header: it fixes the field count every
 * later record must have.
 */
export async function* readCsvFile(file: string): AsyncGenerator<CsvItem> {
  const parser = new CsvParser({ header: true });
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: READ_CHUNK_BYTES });
  for await (const chunk of stream) {
    for (const it of parser.push(chunk as string)) yield it;
  }
  for (const it of parser.end()) yield it;
}
