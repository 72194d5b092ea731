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
export * from "./docs.ts";
export {
  checkEvalOptions,
  type EvalOptions,
  type EvalResult,
  evaluate,
  type GroupScore,
  getTask,
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
  type LoglikelihoodRequest,
  loglikelihood,
  loglikelihoodBatch,
  type PairTokenization,
} from "./scoring.ts";
export * from "./task.ts";
export * from "./tasks/index.ts";
