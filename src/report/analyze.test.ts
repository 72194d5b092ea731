import { describe, expect, it } from "vitest";
import { ALL_REGRESSOR_NAMES, REGRESSOR_NAMES, TARGETS } from "../ml/index.ts";
import { reportCommand, resolveSettings } from "./analyze.ts";

describe("report settings", () => {
  it("default to the study's seed, all rows, every target, 1 repeat, and rf/linear/xgb beyond random CV", () => {
    const s = resolveSettings();
    expect(s).toEqual({
      full: false,
      targets: [...TARGETS],
      structure: "all",
      regressionProtocols: ["random", "grouped", "time"],
      folds: 5,
      regressors: [...REGRESSOR_NAMES],
      otherProtocolRegressors: ["rf", "linear", "xgb"],
      importanceRepeats: 1,
      seed: 42,
    });
  });

  it("--full runs the chosen regressors everywhere with 5 repeats unless repeats are given", () => {
    expect(resolveSettings({ full: true, regressors: ["svr", "rf"] })).toMatchObject({
      otherProtocolRegressors: ["svr", "rf"],
      importanceRepeats: 5,
    });
    expect(resolveSettings({ full: true, importanceRepeats: 2 }).importanceRepeats).toBe(2);
    // --full adds the fine-tuned LLM, under random CV only.
    expect(resolveSettings({ full: true })).toMatchObject({
      regressors: [...ALL_REGRESSOR_NAMES],
      otherProtocolRegressors: [...REGRESSOR_NAMES],
    });
    expect(resolveSettings().regressors).not.toContain("llm");
    // Without --full, only the chosen ones of rf/linear/xgb; none of them chosen: the chosen ones.
    expect(resolveSettings({ regressors: ["rf", "svr"] }).otherProtocolRegressors).toEqual(["rf"]);
    expect(resolveSettings({ regressors: ["svr"] }).otherProtocolRegressors).toEqual(["svr"]);
  });

  it("write a command whose flags give back the same settings", () => {
    const s = resolveSettings({
      seed: 3,
      targets: ["arc", "ifeval"],
      structure: "confident",
      folds: 3,
      full: true,
    });
    expect(reportCommand(s, "/data/x y")).toBe(
      "strata report --data-dir '/data/x y' --full --seed 3 --targets arc,ifeval --structure confident " +
        `--protocols random,grouped,time --regressors ${ALL_REGRESSOR_NAMES.join(",")} --folds 3 --repeats 5`,
    );
  });
});
