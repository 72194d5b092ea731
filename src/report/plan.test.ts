import { describe, expect, it } from "vitest";
import { sampleRecords, sampleV2Rows } from "../analysis/index.ts";
import { attachV2Scores } from "../dataset/index.ts";
import { createTaskRunner, estimatedLlmFoldMs } from "../ml/index.ts";
import { analyzeReport, resolveSettings } from "./analyze.ts";
import { planReport } from "./plan.ts";

describe("planReport", () => {
  const records = sampleRecords(220, 6);
  const input = {
    records: attachV2Scores(records, sampleV2Rows(records, 2)),
    dataDir: "/nowhere",
    imputationChecks: null,
  };
  const cases = [
    resolveSettings({
      regressors: ["rf", "linear", "knn", "xgb"],
      folds: 3,
      targets: ["arc", "mmlu", "ifeval"],
    }),
    resolveSettings({
      regressors: ["rf", "tree"],
      folds: 3,
      targets: ["arc", "bbh"],
      structure: "confident",
      regressionProtocols: ["random", "time"],
      full: true,
    }),
  ];
  for (const [i, settings] of cases.entries()) {
    it(`lists the fits the analysis runs, with the same estimated time (settings ${i + 1})`, async () => {
      const plan = planReport(input, settings);
      let fitted = 0;
      let ms = 0;
      const runner = createTaskRunner({
        workers: 1,
        onTask: (t, how) => {
          if (how === "shared") return;
          fitted++;
          ms += t;
        },
      });
      await analyzeReport(input, settings, undefined, runner);
      expect(plan.tasks.length).toBeGreaterThan(20);
      expect(plan.tasks).toHaveLength(fitted);
      expect(plan.threadMs).toBeCloseTo(ms, 6);
    }, 120_000);
  }

  it("plans the fine-tuned LLM once per fold for the six scores that share their rows, at its measured cost", () => {
    const settings = resolveSettings({ regressors: ["linear", "llm"], folds: 3, targets: ["arc", "mmlu"] });
    const llm = planReport(input, settings).tasks.filter((t) => t.regressor === "llm");
    // The sample's arc and mmlu keep the same rows: one model per fold, not one per target.
    expect(llm).toHaveLength(3);
    expect(llm.every((t) => t.ms === estimatedLlmFoldMs() && t.stage === "regression random")).toBe(true);
  });
});
