import { isScored, V1_BENCHMARKS, V2_BENCHMARKS } from "../contracts/index.ts";
import { type RecordWithV2, selectByStructure } from "../dataset/index.ts";
import {
  DEFAULT_FEATURES,
  estimatedLlmFoldMs,
  estimatedTaskMs,
  featureMatrix,
  groupLlmDatasets,
  type Protocol,
  REVERSE_TARGETS,
  type RegressorName,
  type Target,
} from "../ml/index.ts";
import type { ReportInput, ReportSettings } from "./types.ts";

export interface PlannedTask {
  stage: string;
  kind: "fit-predict" | "permutation" | "impurity";
  regressor: RegressorName;
  trainRows: number;
  /** Estimated milliseconds of one thread (ml's estimatedTaskMs). */
  ms: number;
}

export interface ReportPlan {
  tasks: PlannedTask[];
  /** Sum of the tasks' estimates: milliseconds of one thread. */
  threadMs: number;
}

/**
 * The fits analyzeReport will run for these records and settings, each with its estimated time, in the
 * order it runs them; fits it answers from another task of the run (a random-CV forest whose fold an
 * importance permutation already fitted) are left out. It follows analyze.ts step by step (a test holds
 * the two together) and gives the whole job's progress bar its total up front.
 */
export function planReport(input: ReportInput, s: ReportSettings): ReportPlan {
  const tasks: PlannedTask[] = [];
  const scored = input.records.filter(isScored);
  const k = s.folds;
  const v1 = s.targets.filter((t) => (V1_BENCHMARKS as readonly string[]).includes(t));
  const v2 = s.targets.filter((t) => (V2_BENCHMARKS as readonly string[]).includes(t));
  const rowsCache = new Map<string, Int32Array>();
  // The records a target's design matrix keeps (featureMatrix's rows).
  const rowSet = (
    records: readonly RecordWithV2[],
    set: string,
    target: Target,
    sel = s.structure,
    pt = false,
  ) => {
    const key = `${set}|${target}|${sel}|${pt}`;
    let kept = rowsCache.get(key);
    if (kept === undefined) {
      kept = featureMatrix(selectByStructure(records, sel), {
        target,
        features: DEFAULT_FEATURES,
        ...(pt ? { pretrainedOnly: true } : {}),
      }).rows;
      rowsCache.set(key, kept);
    }
    return kept;
  };
  const rows = (...a: Parameters<typeof rowSet>) => rowSet(...a).length;
  const add = (
    stage: string,
    kind: PlannedTask["kind"],
    regressor: RegressorName,
    n: number,
    testRows = 0,
  ) => {
    const perms = kind === "permutation" ? DEFAULT_FEATURES.length * s.importanceRepeats : 0;
    const data = stage === "reverse" ? "scores" : "structure";
    // The fine-tuned LLM runs in the main thread, both cores busy: its measured cost per fold stands in.
    const ms =
      regressor === "llm" ? estimatedLlmFoldMs() : estimatedTaskMs(kind, regressor, n, testRows, perms, data);
    tasks.push({ stage, kind, regressor, trainRows: n, ms });
  };
  // shareRf: the random-CV forests were fitted by the importance permutations before.
  const table = (
    stage: string,
    protocol: Protocol,
    regs: readonly RegressorName[],
    n: number,
    shareRf: boolean,
  ) => {
    for (const r of regs) {
      if (r === "llm" || (r === "rf" && shareRf && protocol === "random")) continue;
      for (const train of trainSizes(protocol, n, k)) add(stage, "fit-predict", r, train);
    }
  };
  const importances = (
    stage: string,
    records: readonly RecordWithV2[],
    set: string,
    targets: readonly Target[],
    pt: boolean,
  ) => {
    for (const t of targets) {
      const n = rows(records, set, t, s.structure, pt);
      if (n < 2 * k) continue;
      add(stage, "impurity", "rf", n);
      for (const train of trainSizes("random", n, k)) add(stage, "permutation", "rf", train, n - train);
    }
  };

  importances("importances", scored, "scored", v1, false);
  for (const protocol of s.regressionProtocols) {
    const regs = protocol === "random" ? s.regressors : s.otherProtocolRegressors;
    for (const t of v1) table(`regression ${protocol}`, protocol, regs, rows(scored, "scored", t), true);
    if (regs.includes("llm")) {
      // One model per fold writes all six scores for the targets that share their rows (ml/llm-cv.ts).
      const sets = groupLlmDatasets(v1.map((t) => ({ rows: rowSet(scored, "scored", t) })));
      for (const set of sets)
        for (const _ of trainSizes(protocol, (set[0] as { rows: Int32Array }).rows.length, k))
          add(`regression ${protocol}`, "fit-predict", "llm", 0);
    }
  }
  if (v1.length && s.regressors.includes("rf")) {
    for (const selection of ["all", "confident"] as const) {
      for (const protocol of ["random", "grouped"] as const) {
        const have =
          selection === s.structure &&
          s.regressionProtocols.includes(protocol) &&
          (protocol === "random" ? s.regressors : s.otherProtocolRegressors).includes("rf");
        if (have) continue;
        for (const t of v1)
          table(
            `structure ${selection} ${protocol}`,
            protocol,
            ["rf"],
            rows(scored, "scored", t, selection),
            false,
          );
      }
    }
  }
  const reverseRegs = s.regressors.filter((r) => ["rf", "linear", "knn"].includes(r));
  if (reverseRegs.length) {
    const base = selectByStructure(scored, s.structure);
    for (const target of REVERSE_TARGETS) {
      const finite = (v: number | null) => v !== null && Number.isFinite(v);
      const n = base.filter((r) => finite(r[target]) && V1_BENCHMARKS.every((b) => finite(r[b]))).length;
      if (n < 2 * k) continue;
      for (const r of reverseRegs)
        for (const train of trainSizes("random", n, k)) add("reverse", "fit-predict", r, train);
      add("reverse", "impurity", "rf", n);
    }
  }
  const ptRegs = s.regressors.filter((r) => r === "rf" || r === "linear");
  if (v1.length && ptRegs.length)
    for (const t of v1) {
      const n = rows(scored, "scored", t, s.structure, true);
      if (n >= 2 * k) table("regression pretrained", "random", ptRegs, n, false);
    }
  importances("importances pretrained", scored, "scored", v1, true);
  const withV2 = input.records.filter((r) => V2_BENCHMARKS.some((b) => r[b] !== null));
  if (v2.length && withV2.length) {
    importances("v2 importances", withV2, "v2", v2, false);
    const v2Regs = s.regressors.filter((r) => r === "rf" || r === "linear");
    for (const protocol of ["random", "grouped"] as const)
      for (const t of v2)
        table(
          `v2 regression ${protocol}`,
          protocol,
          v2Regs.length ? v2Regs : s.regressors,
          rows(withV2, "v2", t),
          true,
        );
  }
  return { tasks, threadMs: tasks.reduce((a, t) => a + t.ms, 0) };
}

/** Training rows of each fold of a protocol (grouped folds are about as large as random ones). */
function trainSizes(protocol: Protocol, n: number, k: number): number[] {
  if (protocol === "time") {
    const block = Math.floor(n / (k + 1));
    return Array.from({ length: k }, (_, f) => block * (f + 1));
  }
  return Array.from({ length: k }, (_, f) => n - (Math.floor(n / k) + (f < n % k ? 1 : 0)));
}
