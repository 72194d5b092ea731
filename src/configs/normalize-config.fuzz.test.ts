import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, NUMERIC_STRUCTURE_KEYS, STRUCTURE_KEYS } from "../contracts/index.ts";
import { FAMILIES, GENERIC_ALIASES } from "./aliases.ts";
import { normalizeConfig } from "./normalize-config.ts";

/** Every raw key the normalizer reads, so generated configs hit its real paths, not only unknown keys. */
const KNOWN_KEYS = [
  ...new Set([
    ...Object.values(GENERIC_ALIASES).flat(),
    ...Object.values(FAMILIES).flatMap((f) => Object.values(f.aliases ?? {}).flat()),
    "model_type",
    "architectures",
    "text_config",
    "llm_config",
    "num_local_experts",
    "num_experts_per_tok",
    "expansion_ratio",
    "head_dim",
  ]),
].filter((k): k is string => typeof k === "string");

const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.integer({ min: -5, max: 300_000 }),
    fc.constantFrom(0, 1, 2, 32, 4096, 11008, 32000, 1e30, -1, 0.5, Number.MAX_SAFE_INTEGER),
    fc.double({ noNaN: false }),
    fc.string({ maxLength: 12 }),
    fc.constantFrom("llama", "mistral", "gpt2", "mixtral", "LlamaForCausalLM", "silu", "gelu_new"),
    fc.boolean(),
    fc.constant(null),
  ),
  node: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("leaf"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KNOWN_KEYS), tie("node"), { maxKeys: 4 }),
  ),
}));

const config = fc.oneof(
  fc.dictionary(fc.constantFrom(...KNOWN_KEYS), value.node, { maxKeys: 14 }),
  fc.dictionary(fc.string({ maxLength: 8 }), value.node, { maxKeys: 6 }),
  fc.anything(),
);

describe("normalizeConfig on generated configs (fast-check)", () => {
  it("returns the contract or throws ConfigError, never anything else", () => {
    let normalized = 0;
    fc.assert(
      fc.property(config, (raw) => {
        let out: ReturnType<typeof normalizeConfig>;
        try {
          out = normalizeConfig(raw, { file: "fuzz/config.json" });
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as Error).message).toContain("fuzz/config.json");
          return;
        }
        normalized++;
        expect(Object.keys(out.structure).sort()).toEqual([...STRUCTURE_KEYS].sort());
        for (const k of NUMERIC_STRUCTURE_KEYS) {
          const v = out.structure[k];
          // The contract: unknown is null, never 0, NaN or a negative count.
          if (v !== null) expect(Number.isFinite(v) && v > 0, `${k}=${v}`).toBe(true);
        }
        expect(typeof out.structure.multimodal).toBe("boolean");
        for (const w of out.warnings) expect(typeof w.message).toBe("string");
      }),
      { numRuns: 3000, seed: 42 },
    );
    // The generator reaches real configs, not only the error path.
    expect(normalized).toBeGreaterThan(300);
  });
});
