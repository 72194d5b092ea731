import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DataError } from "../contracts/index.ts";

/** Paths of the data Strata ships (resolved from this module, so they work from any cwd). */
export const BUNDLED = {
  v1: fileURLToPath(new URL("../../data/leaderboard/open_llm_leaderboard_v1.csv", import.meta.url)),
  v2: fileURLToPath(new URL("../../data/leaderboard/open_llm_leaderboard_v2.csv", import.meta.url)),
  registry: fileURLToPath(new URL("../../data/base-models.json", import.meta.url)),
  architectureFixes: fileURLToPath(
    new URL("../../data/leaderboard/architecture-fixes.json", import.meta.url),
  ),
  imputationRules: fileURLToPath(new URL("../../data/leaderboard/imputation-rules.json", import.meta.url)),
  knownStructures: fileURLToPath(new URL("../../data/leaderboard/known-structures.json", import.meta.url)),
} as const;

/** Reads and parses a JSON file, throwing DataError naming the file. */
export function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new DataError(
      `${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      file,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DataError(`${file}: invalid JSON (${(err as Error).message})`, file);
  }
}

export interface ArchitectureFixes {
  unknown: Set<string>;
  fixes: Map<string, string>;
}

let fixesCache: ArchitectureFixes | null = null;

/** The bundled architecture repairs (data/leaderboard/architecture-fixes.json). */
export function architectureFixes(): ArchitectureFixes {
  if (fixesCache) return fixesCache;
  const raw = readJson(BUNDLED.architectureFixes) as { unknown?: unknown; fixes?: unknown };
  if (!Array.isArray(raw.unknown) || typeof raw.fixes !== "object" || raw.fixes === null) {
    throw new DataError(`${BUNDLED.architectureFixes}: expected "unknown" (array) and "fixes" (object)`);
  }
  fixesCache = {
    unknown: new Set(raw.unknown.map(String)),
    fixes: new Map(Object.entries(raw.fixes as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
  };
  return fixesCache;
}

/** Repairs one architecture value: unknown markers -> null, listed typos -> the class they mean. */
export function repairArchitecture(value: string): string | null {
  const t = value.trim();
  const f = architectureFixes();
  if (f.unknown.has(t)) return null;
  return f.fixes.get(t) ?? t;
}
