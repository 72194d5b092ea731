import { describe, expect, it } from "vitest";
import { V1_BENCHMARKS } from "../contracts/index.ts";
import { loadOpenBlas } from "../native/openblas.ts";
import { fitLlmRegressor, type LlmExample } from "../probe/lora/index.ts";
import { featureMatrix } from "./features.ts";
import { r2Score } from "./metrics.ts";
import { syntheticRecords } from "./testing.ts";

// Training the bundled model takes 1,000 sequences: tens of seconds with OpenBLAS, minutes without. To stay
// within a CI budget the prompts hold the first four structure fields (layers, d_model, d_ffn, heads; the
// answer is the full six-score format), which cuts the tokens by a third; the 20 prompts stay distinct.
const PROMPT_FIELDS = 4;
const noBlas = loadOpenBlas() === null;
if (noBlas) console.warn("skipping the LLM memorization test: OpenBLAS not found (libopenblas0-pthread)");

describe("the LLM regressor on the bundled stories260K", () => {
  it.skipIf(noBlas)(
    "reproduces the six numbers of 20 training examples (R^2 > 0.9 on each benchmark), and its loss falls",
    async () => {
      const records = syntheticRecords({ bases: 20, perBase: 1, seed: 5 });
      const fm = featureMatrix(records);
      const examples: LlmExample[] = Array.from({ length: fm.X.rows }, (_, i) => {
        const r = records[fm.rows[i] as number];
        if (!r) throw new Error("row without a record");
        const scores = Object.fromEntries(
          V1_BENCHMARKS.map((b) => [b, r[b] as number]),
        ) as LlmExample["scores"];
        const fields = fm.features.map((name, j) => ({
          name,
          value: fm.X.data[i * fm.X.cols + j] as number,
        }));
        return { fields: fields.slice(0, PROMPT_FIELDS), scores };
      });
      expect(examples).toHaveLength(20);
      expect(new Set(examples.map((e) => JSON.stringify(e.fields))).size).toBe(20);
      const reg = await fitLlmRegressor(examples, {
        steps: 500,
        lr: 5e-3,
        batch: 2,
        rank: 8,
        alpha: 16,
        seed: 1,
      });
      const first = reg.losses.slice(0, 20).reduce((a, b) => a + b, 0) / 20;
      const last = reg.losses.slice(-20).reduce((a, b) => a + b, 0) / 20;
      expect(last).toBeLessThan(first / 3);
      const preds = examples.map((e) => reg.predict(e.fields));
      expect(preds.filter((p) => p.unparsed.length > 0)).toEqual([]);
      for (const b of V1_BENCHMARKS) {
        const r2 = r2Score(
          examples.map((e) => e.scores[b]),
          preds.map((p) => p.scores[b]),
        );
        expect(r2, `${b}: R^2 ${r2.toFixed(3)} on the training examples`).toBeGreaterThan(0.9);
      }
    },
    300_000,
  );
});
