import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { normalizeConfig } from "../configs/normalize-config.ts";
import { DataError } from "../contracts/index.ts";
import { BUNDLED } from "./data-files.ts";
import { importV1 } from "./import-v1.ts";
import { imputeStructure } from "./impute.ts";
import { loadRegistry, registryWithout } from "./registry.ts";
import { CHECKED_FIELDS, loadKnownStructures } from "./validate-imputation.ts";

const registry = loadRegistry();
const FIXTURES = fileURLToPath(new URL("../configs/fixtures/", import.meta.url));

describe("data/leaderboard/known-structures.json", () => {
  it("every hand-checked shape is the shape of a registry base of that size (no typo in the table)", () => {
    const known = loadKnownStructures();
    expect(known.length).toBeGreaterThanOrEqual(80);
    const shapes = new Set(
      registry.entries.map((e) => [e.layers, e.d_model, e.d_ffn, e.heads, e.kv_heads].join("/")),
    );
    for (const k of known) {
      expect(shapes.has([k.layers, k.d_model, k.d_ffn, k.heads, k.kv_heads].join("/")), k.id).toBe(true);
      expect(registry.byId.has(k.id.toLowerCase()), `${k.id} is a registry base, not a fine-tune`).toBe(
        false,
      );
    }
  });

  it("rejects a malformed case naming the file, the case and the field", () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-known-"));
    const file = join(dir, "known.json");
    writeFileSync(
      file,
      JSON.stringify({
        cases: [{ id: "a/b", layers: "32", d_model: 1, d_ffn: 1, heads: 1, kv_heads: 1, vocab_size: null }],
      }),
    );
    expect(() => loadKnownStructures(file)).toThrow(DataError);
    expect(() => loadKnownStructures(file)).toThrow(
      /known.json: case 0 \(a\/b\): "layers" must be a positive integer or null/,
    );
  });
});

describe("imputation against real config.json files (src/configs/fixtures)", () => {
  it("a fixture model on the leaderboard, its registry entry removed, is imputed right or left null", async () => {
    const sources = readFileSync(join(FIXTURES, "SOURCES.md"), "utf8");
    const pairs = [...sources.matchAll(/^\|\s*([\w.-]+\.json)\s*\|\s*([\w.-]+\/[\w.-]+)/gm)].map((m) => ({
      file: m[1] as string,
      id: (m[2] as string).toLowerCase(),
    }));
    const v1 = await importV1(BUNDLED.v1);
    let checked = 0;
    let filled = 0;
    for (const { file, id } of pairs) {
      const rows = v1.rows.filter((r) => r.id.toLowerCase() === id);
      const first = rows[0];
      if (!first) continue;
      const truth = normalizeConfig(JSON.parse(readFileSync(join(FIXTURES, file), "utf8")), {
        file,
      }).structure;
      const held = registryWithout(registry, (e) => e.hub_id.toLowerCase() === id);
      const r = imputeStructure(
        {
          id: first.id,
          architecture: rows.map((x) => x.architecture).find((x) => x !== null) ?? null,
          params_floor: rows.map((x) => x.params_b_floor).find((x) => x !== null) ?? null,
          params_exact: null,
          is_moe: first.is_moe,
          submitted_at: first.submitted_at,
          precision: first.precision,
        },
        held,
      );
      checked += 1;
      if (r.structure.layers !== null) filled += 1;
      for (const f of CHECKED_FIELDS.filter((x) => x !== "vocab_size")) {
        if (r.structure[f] !== null && truth[f] !== null) expect(r.structure[f], `${id} ${f}`).toBe(truth[f]);
      }
    }
    console.log(
      `config fixtures on the leaderboard: ${checked}, imputed with their entry held out: ${filled}`,
    );
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
