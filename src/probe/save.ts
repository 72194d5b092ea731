import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { writeFileAtomic } from "./atomic-write.ts";
import { ModelError } from "./errors.ts";

/** Where probe results live inside a dataset folder: <data-dir>/probe/<model name>/<kind>.{json,svg}. */
export const PROBE_RESULTS_DIR = "probe";

/** The kinds of saved probe result the report knows how to show. */
export const SAVED_KINDS = ["bi", "grad", "eval"] as const;
export type SavedKind = (typeof SAVED_KINDS)[number];

export interface SavedProbeResult {
  kind: SavedKind;
  /** The model folder's name (the folder under <data-dir>/probe/). */
  model: string;
  json: string;
  svg: string | null;
  /** The saved JSON, parsed. */
  value: unknown;
}

/** A file-system-safe name for a model folder. */
export function modelSlug(modelDir: string): string {
  const base = basename(modelDir.replace(/[\\/]+$/, "")) || "model";
  return base.replace(/[^A-Za-z0-9._-]+/g, "_");
}

/**
 * Writes a probe result (its JSON and, when given, its SVG) under <dataDir>/probe/<model>/, each file
 * through a temporary file renamed into place. Returns the paths written.
 */
export function saveProbeResult(
  dataDir: string,
  modelDir: string,
  kind: SavedKind,
  value: unknown,
  svg?: string,
): { json: string; svg: string | null } {
  const dir = join(dataDir, PROBE_RESULTS_DIR, modelSlug(modelDir));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new ModelError(`--save: cannot create ${dir}: ${(err as Error).message}`, dir);
  }
  const json = join(dir, `${kind}.json`);
  writeFileAtomic(
    json,
    `${JSON.stringify({ kind, savedAt: new Date().toISOString(), result: value }, null, 1)}\n`,
  );
  let svgPath: string | null = null;
  if (svg !== undefined) {
    svgPath = join(dir, `${kind}.svg`);
    writeFileAtomic(svgPath, svg);
  }
  return { json, svg: svgPath };
}

/** Every saved probe result under <dataDir>/probe/ (unreadable files are skipped), by model then kind. */
export function readSavedProbeResults(dataDir: string): SavedProbeResult[] {
  const root = join(dataDir, PROBE_RESULTS_DIR);
  if (!existsSync(root)) return [];
  const out: SavedProbeResult[] = [];
  for (const model of readdirSync(root).sort()) {
    const dir = join(root, model);
    if (!statSync(dir).isDirectory()) continue;
    for (const kind of SAVED_KINDS) {
      const json = join(dir, `${kind}.json`);
      if (!existsSync(json)) continue;
      let value: unknown;
      try {
        value = (JSON.parse(readFileSync(json, "utf8")) as { result?: unknown }).result ?? null;
      } catch {
        continue;
      }
      const svg = join(dir, `${kind}.svg`);
      out.push({ kind, model, json, svg: existsSync(svg) ? svg : null, value });
    }
  }
  return out;
}
