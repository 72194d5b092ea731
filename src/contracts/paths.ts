import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A path under the package root, resolved from this module (src/contracts/ or dist/contracts/ alike). */
function packagePath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

/**
 * The data Strata ships (licences and origins in data/.../NOTICE and the README), resolved from the
 * package so a build or a probe works from any working directory.
 */
export const BUNDLED = {
  /** Open LLM Leaderboard v1 export (fboulnois/llm-leaderboard-csv). */
  v1: packagePath("data/leaderboard/open_llm_leaderboard_v1.csv"),
  /** Open LLM Leaderboard v2 export. */
  v2: packagePath("data/leaderboard/open_llm_leaderboard_v2.csv"),
  /** The curated base-model registry. */
  registry: packagePath("data/base-models.json"),
  architectureFixes: packagePath("data/leaderboard/architecture-fixes.json"),
  imputationRules: packagePath("data/leaderboard/imputation-rules.json"),
  knownStructures: packagePath("data/leaderboard/known-structures.json"),
  /** Benchmark samples (nutcracker-db), one folder per task. */
  benchmarks: packagePath("data/benchmarks"),
  /** The demo checkpoint: llama2.c's stories260K in Hugging Face layout (MIT). */
  demoModel: packagePath("data/models/stories260K"),
} as const;

/** The package's own version (package.json), e.g. for build metadata and cache keys. */
export const STRATA_VERSION: string =
  (JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version?: string }).version ??
  "unknown";
