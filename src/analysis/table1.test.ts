import { describe, expect, it } from "vitest";
import { sampleRecords } from "../dataset/test-records.ts";
import { table1 } from "./table1.ts";

describe("table1", () => {
  const t = table1(sampleRecords());
  const row = (label: string) => t.rows.find((r) => r.label === label);

  it("lists the study's ten columns in its order", () => {
    expect(t.models).toBe(6);
    expect(t.rows.map((r) => r.label)).toEqual([
      "size",
      "d_model",
      "d_ffn",
      "heads",
      "layers",
      "kv_heads",
      "vocab_size",
      "pos",
      "likes",
      "downloads",
    ]);
  });

  it("summarises layers as worked by hand", () => {
    // layers of the six sample models: 32 32 32 12 32 24 -> sorted 12 24 32 32 32 32
    // mean 164 / 6; Q1 at h = 1.25: 24 + 0.25 * 8 = 26; Q2 at h = 2.5: 32; Q3 32; mode 32
    expect(row("layers")).toMatchObject({ n: 6, missing_rate: 0, mode: 32, q1: 26, q2: 32, q3: 32, max: 32 });
    expect(row("layers")?.mean).toBeCloseTo(164 / 6, 12);
    // Mostly 32 with two smaller values: a left tail.
    expect(row("layers")?.skewness).toBeLessThan(0);
  });

  it("counts missing values and leaves statistics that need more values NaN", () => {
    // params_b is unknown for the quantized fine-tune: 1 of 6 missing; values 0.124 0.494 6.74 7.24 46.7
    const size = row("size");
    expect(size?.n).toBe(5);
    expect(size?.missing_rate).toBeCloseTo(1 / 6, 12);
    expect(size?.q2).toBe(6.74);
    expect(size?.mean).toBeCloseTo((0.124 + 0.494 + 6.74 + 7.24 + 46.7) / 5, 12);
    expect(size?.max).toBe(46.7);
    const downloads = row("downloads");
    expect(downloads).toMatchObject({ n: 1, mean: 17000000, max: 17000000 });
    expect(downloads?.missing_rate).toBeCloseTo(5 / 6, 12);
    expect(downloads?.skewness).toBeNaN();
    expect(downloads?.kurtosis).toBeNaN();
  });

  it("gives NaN statistics and a NaN missing rate for no models", () => {
    const empty = table1([]);
    expect(empty.rows[0]?.mean).toBeNaN();
    expect(empty.rows[0]?.missing_rate).toBeNaN();
  });
});
