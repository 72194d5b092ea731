export {
  BUNDLED_BENCHMARKS_DIR,
  type LoadOptions,
  loadArc,
  loadGsm8k,
  loadHellaswag,
  loadMmlu,
  loadTruthfulqa,
  loadWinogrande,
  type PoolMode,
  type TaskGroup,
} from "./data.ts";
export {
  type EvalOptions,
  type EvalResult,
  evaluate,
  type GroupScore,
  type ItemResult,
  meanStderr,
} from "./evaluate.ts";
export { LEADERBOARD_SEED, type PlannedItem, planFewshot } from "./fewshot.ts";
export { PyRandom } from "./py-random.ts";
export {
  type EvalReport,
  type EvalTaskOptions,
  evaluateModels,
  LEADERBOARD_TASKS,
  type LoadedModel,
  loadForEval,
  type ModelReport,
  parseTaskList,
  runEval,
  type TaskDelta,
} from "./run.ts";
export {
  EvaluationError,
  type Generation,
  greedyUntil,
  type Loglikelihood,
  loglikelihood,
  type PairTokenization,
} from "./scoring.ts";
export * from "./tasks.ts";
