import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DataError, type V2ScoreRow } from "../contracts/index.ts";
import { BUNDLED } from "./data-files.ts";
import { importV1 } from "./import-v1.ts";
import { importV2 } from "./import-v2.ts";
import type { ImportResult, V1ScoreRow } from "./types.ts";

let v1: ImportResult<V1ScoreRow>;
let v2: ImportResult<V2ScoreRow>;
beforeAll(async () => {
  v1 = await importV1(BUNDLED.v1);
  v2 = await importV2(BUNDLED.v2);
});

/** Raw cells of one line of the bundled v1 file, split naively (only for lines without quotes). */
function rawCells(line: number): Record<string, string> {
  const lines = readFileSync(BUNDLED.v1, "utf8").split("\n");
  const header = (lines[0] ?? "").split(",");
  const cells = (lines[line - 1] ?? "").split(",");
  return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""]));
}

describe("importV1 on the bundled export", () => {
  it("reads every row: 7,169 rows, 6,797 distinct ids (case-insensitive), no warnings", () => {
    expect(v1.rows).toHaveLength(7169);
    expect(new Set(v1.rows.map((r) => r.id.toLowerCase())).size).toBe(6797);
    expect(v1.warnings).toEqual([]);
  });

  it("keeps Llama-2-7b's scores exactly as in the CSV", () => {
    const row = v1.rows.find((r) => r.id === "meta-llama/Llama-2-7b-hf" && r.precision === "float16");
    expect(row).toBeDefined();
    const raw = rawCells(row?.line ?? 0);
    expect(raw.model).toBe("meta-llama/Llama-2-7b-hf");
    for (const k of ["average", "arc", "hellaswag", "mmlu", "truthfulqa", "winogrande", "gsm8k"] as const) {
      expect(row?.[k]).toBe(Number(raw[k]));
    }
    expect(row?.kind).toBe("pretrained");
    expect(row?.params_b_floor).toBe(6);
    expect(row?.submitted_at).toBe(raw.date);
    expect(row?.likes).toBe(Number(raw.hub_hearts));
  });

  it("negates the inverted merged/flagged/moe columns", () => {
    const mixtral = v1.rows.filter((r) => r.id === "mistralai/Mixtral-8x7B-v0.1");
    expect(mixtral.length).toBeGreaterThan(0);
    for (const r of mixtral) expect(r.is_moe).toBe(true);
    const llama = v1.rows.find((r) => r.id === "meta-llama/Llama-2-7b-hf");
    expect(llama?.is_moe).toBe(false);
    expect(llama?.is_merged).toBe(false);
    // Our counts of true equal the raw counts of FALSE per column (SOURCES.md: 563 rows with moe=FALSE).
    expect(v1.rows.filter((r) => r.is_moe)).toHaveLength(563);
    expect(v1.rows.filter((r) => r.is_merged)).toHaveLength(1329);
    expect(v1.rows.filter((r) => r.flagged)).toHaveLength(109);
  });

  it("maps the type column to ModelKind, 0 params to null and repairs architectures", () => {
    const kinds = new Map<string | null, number>();
    for (const r of v1.rows) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({
      merge: 1009,
      "fine-tuned": 4114,
      chat: 1412,
      pretrained: 392,
      continued: 67,
      null: 175,
    });
    expect(v1.rows.filter((r) => r.params_b_floor === null)).toHaveLength(624);
    const archs = new Set(v1.rows.map((r) => r.architecture));
    expect(archs.has("?")).toBe(false);
    expect(archs.has("Unknown")).toBe(false);
    expect(archs.has("L;l;a;m;a;F;o;r;C;a;u;s;a;l;L;M")).toBe(false);
    expect(v1.rows.filter((r) => r.architecture === null)).toHaveLength(756);
  });
});

describe("importV2 on the bundled export", () => {
  it("reads 4,576 rows with exact sizes and uninverted flags", () => {
    expect(v2.rows).toHaveLength(4576);
    const mixtral = v2.rows.find((r) => r.id === "mistralai/Mixtral-8x7B-v0.1");
    expect(mixtral?.is_moe).toBe(true);
    expect(mixtral?.params_b).toBe(46.703);
    expect(mixtral?.uploaded_at).toBe("2023-12-01");
    const llama = v2.rows.find((r) => r.id === "meta-llama/Llama-2-7b-hf");
    expect(llama?.is_moe).toBe(false);
    expect(llama?.params_b).toBe(6.738);
    // Only MoE architectures (and a few misfiled rows) carry the flag.
    const moe = v2.rows.filter((r) => r.is_moe);
    expect(moe.length).toBe(76);
    expect(moe.filter((r) => /Moe|Mixtral|Olmoe/.test(r.architecture ?? "")).length).toBeGreaterThan(60);
    for (const r of v2.rows) {
      for (const k of ["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"] as const) {
        const v = r[k];
        if (v !== null) expect(v >= 0 && v <= 100).toBe(true);
      }
    }
    // -1 parameter counts are reported, not kept.
    expect(v2.warnings.filter((w) => w.field === "metadata_params_billions")).toHaveLength(3);
  });
});

describe("malformed copies", () => {
  const dir = mkdtempSync(join(tmpdir(), "strata-lb-"));
  const lines = readFileSync(BUNDLED.v1, "utf8").split("\n");
  const header = lines[0] ?? "";
  // Lines 2..41 of the real file: 40 rows, the 5th and 6th of which have quoted fields.
  const body = lines.slice(1, 41);
  const write = (name: string, text: string): string => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it("skips a row with a broken quote, one with an extra column, nulls a bad score; keeps the rest", async () => {
    const rows = [...body];
    // File line 4: open a quote that never closes on that line.
    rows[2] = (rows[2] ?? "").replace(",TRUE,", ',"TRUE,');
    // File line 10: one extra column.
    rows[8] = `${rows[8]},extra`;
    // File line 20: a non-numeric score; file line 21: a score above 100.
    const cells20 = (rows[18] ?? "").split(",");
    cells20[3] = "n/a";
    rows[18] = cells20.join(",");
    const cells21 = (rows[19] ?? "").split(",");
    cells21[5] = "123.4";
    rows[19] = cells21.join(",");
    const f = write("broken.csv", `${header}\n${rows.join("\n")}\n`);
    const res = await importV1(f);
    expect(res.rows).toHaveLength(38);
    const rowWarnings = res.warnings.filter((w) => w.field === undefined);
    expect(rowWarnings.map((w) => w.line)).toEqual([4, 10]);
    expect(rowWarnings.every((w) => w.file === f)).toBe(true);
    const fieldWarnings = res.warnings.filter((w) => w.field !== undefined);
    expect(fieldWarnings.map((w) => [w.line, w.field])).toEqual([
      [20, "arc"],
      [21, "mmlu"],
    ]);
    expect(res.rows.find((r) => r.line === 20)?.arc).toBeNull();
    expect(res.rows.find((r) => r.line === 20)?.hellaswag).not.toBeNull();
    expect(res.rows.find((r) => r.line === 21)?.mmlu).toBeNull();
    expect(res.rows.map((r) => r.line)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 2).filter((l) => l !== 4 && l !== 10),
    );
  });

  it("throws DataError for an empty file", async () => {
    const f = write("empty.csv", "");
    await expect(importV1(f)).rejects.toBeInstanceOf(DataError);
    await expect(importV1(f)).rejects.toThrow(/empty\.csv.*empty/);
  });

  it("throws DataError naming the file and the missing column", async () => {
    const f = write("nomoe.csv", `${header.replace(",moe,", ",mo_e,")}\n${body.join("\n")}\n`);
    await expect(importV1(f)).rejects.toThrow(/nomoe\.csv.*"moe"/);
    const g = write("nov2.csv", "id,model_name\nx,y\n");
    await expect(importV2(g)).rejects.toThrow(/nov2\.csv.*"model_sha"/);
  });

  it("throws DataError for a missing file", async () => {
    await expect(importV1(join(dir, "nope.csv"))).rejects.toThrow(/nope\.csv.*ENOENT/);
  });
});
