import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { STRUCTURE_KEYS } from "../../contracts/index.ts";
import { runCli } from "../test-io.ts";

const FIXTURES = fileURLToPath(new URL("../../configs/fixtures/", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "strata-config-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("strata config", () => {
  it("prints an aligned table of value, provenance and raw key, then warnings", async () => {
    const r = await runCli(["config", join(FIXTURES, "falcon-7b.json")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    // The file is named relative to the working directory it was given from.
    expect(lines[0]).toBe(relative(process.cwd(), join(FIXTURES, "falcon-7b.json")));
    expect(lines[1]).toMatch(/^key\s+value\s+provenance\s+source$/);
    const row = (k: string) => (lines.find((l) => l.startsWith(`${k} `)) ?? "").split(/\s{2,}/);
    expect(row("kv_heads")).toEqual(["kv_heads", "1", "computed", "multi_query"]);
    expect(row("d_ffn")).toEqual(["d_ffn", "18176", "computed", "4*hidden_size"]);
    expect(row("pos")).toEqual(["pos", "-", "-", "-"]);
    // every contract key appears once, values start in the same column
    for (const k of STRUCTURE_KEYS) expect(lines.filter((l) => l.startsWith(`${k} `))).toHaveLength(1);
    const valueColumn = (lines[1] ?? "").indexOf("value");
    const rows = lines.slice(3, 3 + STRUCTURE_KEYS.length);
    expect(rows.map((l) => (/^\S+\s+/.exec(l) ?? [""])[0].length)).toEqual(rows.map(() => valueColumn));
    expect(r.stdout.trimEnd().endsWith("no warnings")).toBe(true);
  });

  it("--json prints { file, structure, provenance, sources, warnings } with the exact contract keys", async () => {
    const r = await runCli(["config", join(FIXTURES, "mixtral-8x7b-v0.1.json"), "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["file", "structure", "provenance", "sources", "warnings"]);
    expect(Object.keys(doc.structure)).toEqual([...STRUCTURE_KEYS]);
    expect(doc.structure).toMatchObject({ moe_experts: 8, moe_active_experts: 2, kv_heads: 8, d_ffn: 14336 });
    expect(doc.sources.moe_experts).toBe("num_local_experts");
    expect(doc.warnings).toEqual([]);
  });

  it("lists warnings for implausible values and still exits 0", async () => {
    const f = join(tmp, "absurd.json");
    writeFileSync(
      f,
      JSON.stringify({
        model_type: "llama",
        hidden_size: 4096,
        num_hidden_layers: 8928,
        num_attention_heads: 32,
        vocab_size: 32000,
        intermediate_size: 11008,
      }),
    );
    const r = await runCli(["config", f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 warning:\n  layers: ");
    expect(r.stdout).toContain(
      "num_hidden_layers = 8,928 exceeds the plausible maximum 512; layers set to null",
    );
  });

  it("exits 1 with one line naming the file and the problem for bad input, no stack trace", async () => {
    const notJson = join(tmp, "bad.json");
    writeFileSync(notJson, '{"hidden_size": 4096,,}');
    const r = await runCli(["config", notJson]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `strata: ${notJson}: not valid JSON at line 1, column 22 (offset 21): Expected double-quoted property name\n`,
    );
    const empty = join(tmp, "empty.json");
    writeFileSync(empty, "{}");
    const e = await runCli(["config", empty]);
    expect(e.code).toBe(1);
    expect(e.stderr.split("\n")).toHaveLength(2);
    expect(e.stderr).toContain(`${empty}: not a model config: field 'layers'`);
    const missing = await runCli(["config", join(tmp, "nothing-here")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`strata: ${join(tmp, "nothing-here")}: no such file or folder\n`);
  });

  it("exits 2 without a path", async () => {
    const r = await runCli(["config"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing argument <path>");
  });
});
