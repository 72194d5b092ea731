import { describe, expect, it } from "vitest";
import { sampleRecords, table1 } from "../analysis/index.ts";
import { table1Reading } from "./readings.ts";

describe("table1Reading", () => {
  it("names a column without any value apart instead of calling it the most often missing", () => {
    const recs = sampleRecords(80, 1).map((r, i) => ({
      ...r,
      downloads: null,
      pos: i % 4 === 0 ? null : r.pos,
    }));
    const line = table1Reading(table1(recs));
    expect(line).toMatch(/most often missing: pos \(25\.0%\); no value at all: downloads\.$/);
  });
});
