import { describe, expect, it } from "vitest";
import { lineColumn, locateJsonError } from "./json-position.ts";

describe("locateJsonError", () => {
  it("agrees with JSON.parse on what is valid", () => {
    for (const ok of ['{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}', "[]", " 3 ", '"s"']) {
      expect(() => JSON.parse(ok)).not.toThrow();
      expect(locateJsonError(ok)).toBeNull();
    }
  });

  it.each([
    ['{"a":}', 5],
    ['{"a":1,}', 7],
    ['{\n "a": 1\n "b": 2}', 11],
    ["", 0],
    ["[1,2", 4],
    ['{"a": 1} x', 9],
    ["{'a': 1}", 1],
    ['{"a": 01}', 7],
  ])("%j fails at offset %i (where V8 reports it when it does)", (text, offset) => {
    let message = "";
    try {
      JSON.parse(text);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toBe("");
    expect(locateJsonError(text)).toBe(offset);
    const m = /position (\d+)/.exec(message);
    if (m) expect(Number(m[1])).toBe(offset);
  });

  it("converts an offset to a 1-based line and column", () => {
    expect(lineColumn('{\n "a": 1\n "b": 2}', 11)).toEqual({ line: 3, column: 2 });
    expect(lineColumn("abc", 0)).toEqual({ line: 1, column: 1 });
  });
});
