import { describe, expect, it } from "vitest";
import { DEFAULT_FEATURES, featureMatrix, featureValue, monthsSince2023 } from "./features.ts";
import { syntheticRecords } from "./testing.ts";

describe("monthsSince2023", () => {
  it("counts months from 2023-01-01 with days as a fraction of their month", () => {
    expect(monthsSince2023("2023-01-01")).toBe(0);
    expect(monthsSince2023("2023-07-16T10:00:00Z")).toBeCloseTo(6 + 15 / 31, 12);
    expect(monthsSince2023("2024-02")).toBe(13);
    expect(monthsSince2023("2022-12-01")).toBe(-1);
    expect(Number.isNaN(monthsSince2023("July 2023"))).toBe(true);
    expect(Number.isNaN(monthsSince2023(null))).toBe(true);
  });

  it("knows leap years and reads only what a date prefix says", () => {
    expect(monthsSince2023("2024-02-29")).toBeCloseTo(13 + 28 / 29, 12);
    expect(monthsSince2023("1900-02-15")).toBeCloseTo(-1475 + 14 / 28, 9);
    expect(monthsSince2023("2000-02-15")).toBeCloseTo(-275 + 14 / 29, 9);
    // A day that is not two digits after a dash is no day: the first of the month.
    expect(monthsSince2023("2023-07-1")).toBe(6);
    expect(monthsSince2023("2023-07-1x")).toBe(6);
    for (const bad of ["2023-13-01", "2023-00-10", "2023-1-01", "2023/07/01", "2023-07-32", "2023-07-00", ""])
      expect(Number.isNaN(monthsSince2023(bad))).toBe(true);
  });
});

describe("featureMatrix", () => {
  const records = syntheticRecords({ bases: 6, perBase: 4 });

  it("builds one row per record with the target, columns in DEFAULT_FEATURES order", () => {
    const fm = featureMatrix(records, { target: "arc" });
    expect(fm.X.rows).toBe(records.length);
    expect(fm.X.cols).toBe(DEFAULT_FEATURES.length);
    const r = records[5];
    expect(r).toBeDefined();
    if (!r) return;
    expect(fm.X.data[5 * fm.X.cols + fm.features.indexOf("d_ffn")]).toBe(r.d_ffn);
    // kv_heads is null in these records: it falls back to heads.
    expect(fm.X.data[5 * fm.X.cols + fm.features.indexOf("kv_heads")]).toBe(r.heads);
    expect(fm.y?.[5]).toBe(r.arc);
    expect(fm.groups[5]).toBe(r.imputed_from ?? r.id);
  });

  it("drops rows with a missing feature (counted per reason) or without the target", () => {
    const copy = records.map((r) => ({ ...r }));
    (copy[0] as (typeof copy)[number]).d_ffn = null;
    (copy[1] as (typeof copy)[number]).pos = null;
    (copy[2] as (typeof copy)[number]).mmlu = null;
    (copy[3] as (typeof copy)[number]).submitted_at = null;
    const fm = featureMatrix(copy, { target: "mmlu" });
    expect(fm.X.rows).toBe(copy.length - 4);
    expect(fm.dropped).toEqual({
      total: 3,
      reasons: { "missing d_ffn": 1, "missing pos": 1, "missing date": 1 },
      noTarget: 1,
    });
    expect(Array.from(fm.rows).includes(0)).toBe(false);
    // With "median" the rows stay and the hole takes the column median.
    const med = featureMatrix(copy, { target: "mmlu", missing: "median" });
    expect(med.X.rows).toBe(copy.length - 1);
    expect(Number.isNaN(med.X.data[med.features.indexOf("d_ffn")] as number)).toBe(false);
  });

  it("keeps only pretrained records when asked, and reads dates from created_at first", () => {
    const pre = featureMatrix(records, { target: "gsm8k", pretrainedOnly: true });
    expect(pre.X.rows).toBe(records.filter((r) => r.kind === "pretrained").length);
    const r = {
      ...(records[0] as (typeof records)[number]),
      created_at: "2023-03-01",
      submitted_at: "2024-01-01",
    };
    expect(featureValue(r, "date")).toBe(2);
    expect(featureValue({ ...r, is_moe: true, moe_experts: 8 }, "moe_experts")).toBe(8);
    expect(featureValue(r, "moe_experts")).toBe(0);
  });
});
