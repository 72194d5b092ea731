import { describe, expect, it } from "vitest";
import { V1_BENCHMARKS } from "../contracts/index.ts";
import type { RegressionTable, RegressorName } from "../ml/index.ts";
import { llmComparison } from "./comparisons.ts";

function table(r2: Partial<Record<RegressorName, number>>): RegressionTable {
  const regressors = Object.keys(r2) as RegressorName[];
  return {
    protocol: "random",
    folds: 5,
    seed: 42,
    pretrainedOnly: false,
    structure: "all",
    features: [],
    targets: [...V1_BENCHMARKS],
    regressors,
    cells: regressors.flatMap((regressor) =>
      V1_BENCHMARKS.map((target) => ({
        regressor,
        target,
        r2: r2[regressor] as number,
        std: 0,
        folds: [],
        n: 10,
        ms: 1,
      })),
    ),
    n: {},
    dropped: {},
    published: {},
    warnings: [],
    elapsedMs: 1,
  };
}

describe("the study's LLM row beside ours", () => {
  it("compares our fine-tuned LLM with the study's when it ran", () => {
    const c = llmComparison(table({ xgb: 0.7, llm: 0.1 }));
    expect(c.verdict).toBe("differ");
    expect(c.line).toMatch(/^Our fine-tuned LLM is within 0.05 of the study's on 0 of 6 benchmarks/);
  });

  it("says the LLM did not run and shows XGBoost in its place otherwise", () => {
    const c = llmComparison(table({ xgb: 0.7 }));
    expect(c.verdict).toBe("no number");
    expect(c.line).toMatch(/did not run in this report \(--full runs it\).*above the study's LLM on 6 of 6/);
  });
});
