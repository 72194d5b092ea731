import {
  dateSourceOf,
  type ModelKind,
  type ModelRecord,
  type Structure,
  type V2ScoreRow,
} from "../contracts/index.ts";

import { importV1 } from "./import-v1.ts";
import { importV2 } from "./import-v2.ts";
import { type ImputeInput, imputeStructure, loadImputationRules } from "./impute.ts";
import { isQuantizedPrecision } from "./name-hints.ts";
import { refineImputations } from "./refine-imputations.ts";
import { loadRegistry } from "./registry.ts";
import type { LeaderboardBuild, LeaderboardBuildOptions, LeaderboardCounts, V1ScoreRow } from "./types.ts";
import { validateImputation } from "./validate-imputation.ts";

const V1_SCORE_KEYS = ["arc", "hellaswag", "mmlu", "truthfulqa", "winogrande", "gsm8k"] as const;
const V2_SCORE_KEYS = ["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"] as const;

/** The structure fields that count for coverage: all four filled. */
export const COVERAGE_KEYS = ["layers", "d_model", "d_ffn", "heads"] as const;

const scoresIn = (r: V1ScoreRow): number => V1_SCORE_KEYS.filter((k) => r[k] !== null).length;

/**
 * Picks the row that stands for a model with several v1 rows (precisions, revisions):
 * 1. the most non-null benchmark scores; 2. an unquantized precision (float16/bfloat16) over
 * 4bit/8bit/GPTQ; 3. the latest submission date (a missing date counts as oldest); 4. the earliest line.
 */
export function pickRepresentative(rows: V1ScoreRow[]): V1ScoreRow {
  let best = rows[0] as V1ScoreRow;
  for (const r of rows.slice(1)) {
    const ds = scoresIn(r) - scoresIn(best);
    if (ds !== 0) {
      if (ds > 0) best = r;
      continue;
    }
    const qr = isQuantizedPrecision(r.precision) ? 1 : 0;
    const qb = isQuantizedPrecision(best.precision) ? 1 : 0;
    if (qr !== qb) {
      if (qr < qb) best = r;
      continue;
    }
    if ((r.submitted_at ?? "") > (best.submitted_at ?? "")) best = r;
  }
  return best;
}

/** The v2 row that stands for a model: the most scores, then the latest submission. */
function pickV2(rows: V2ScoreRow[]): V2ScoreRow {
  const n = (r: V2ScoreRow): number => V2_SCORE_KEYS.filter((k) => r[k] !== null).length;
  let best = rows[0] as V2ScoreRow;
  for (const r of rows.slice(1)) {
    if (n(r) > n(best) || (n(r) === n(best) && (r.submitted_at ?? "") > (best.submitted_at ?? ""))) best = r;
  }
  return best;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = m.get(k);
    if (g) g.push(r);
    else m.set(k, [r]);
  }
  return m;
}

const firstNonNull = <T>(values: (T | null)[]): T | null => values.find((v) => v !== null) ?? null;

/**
 * is_moe from the structure when the architecture is known (a MoE config class or several experts),
 * else the export's flag. The v1 flag is noisy even after negation (Yi-34B and SOLAR-10.7B carry it), so
 * a disagreement is noted on the record.
 */
function moeFlag(flag: boolean, s: Structure, warnings: string[]): boolean {
  if (s.architecture === null) return flag;
  const structural = (s.moe_experts ?? 0) > 1 || MOE_CLASSES.has(s.architecture);
  if (structural !== flag) {
    warnings.push(
      `export's MoE flag (${flag}) disagrees with the ${s.architecture} structure; is_moe=${structural}`,
    );
  }
  return structural;
}

const MOE_CLASSES = new Set([
  "MixtralForCausalLM",
  "Qwen2MoeForCausalLM",
  "DbrxForCausalLM",
  "OlmoeForCausalLM",
  "GraniteMoeForCausalLM",
  "DeepseekV2ForCausalLM",
]);

/** v2's metadata_base_model carries a relation suffix ("org/name (Merge)"); keep the hub id only. */
function cleanBaseModel(v: string | null): string | null {
  if (v === null) return null;
  const t = v.replace(/\s*\([^)]*\)\s*$/, "").trim();
  return t === "" ? null : t;
}

/** True when layers, d_model, d_ffn and heads are all known. */
export function isCovered(r: Pick<ModelRecord, (typeof COVERAGE_KEYS)[number]>): boolean {
  return COVERAGE_KEYS.every((k) => r[k] !== null);
}

/**
 * Imports leaderboard v1 (and v2 when given), merges rows per model id (hub ids compared
 * case-insensitively), fills the structure from the base-model registry (exact hit) or imputes it from the
 * nearest base, and returns one ModelRecord per model plus the v2 score rows, every import warning and
 * counts:
 * - v1Rows, v1Models (distinct ids, case-insensitive), v1DuplicateRows (rows merged away),
 *   v1IdsWithSeveralRows, v2Rows, v2Models, v2OnlyModels, v1ModelsInV2;
 * - registryHits (exact id in the registry), imputed (structure from a nearest base), unresolved (no
 *   structure) over all records;
 * - v1RowsCovered, v1ModelsCovered, coverageV1Rows, coverageV1Models (0..1): v1 rows/models whose record
 *   has layers, d_model, d_ffn and heads all filled (registry or imputed); v2OnlyCovered;
 * - warnings (import warnings, i.e. skipped rows and dropped values).
 */
export async function buildLeaderboardRecords(opts: LeaderboardBuildOptions): Promise<LeaderboardBuild> {
  const registry = loadRegistry(opts.registryFile);
  const rules = loadImputationRules();
  const v1 = await importV1(opts.v1File);
  const v2 = opts.v2File ? await importV2(opts.v2File) : { file: "", rows: [], warnings: [] };
  const warnings = [...v1.warnings, ...v2.warnings];

  const v1Groups = groupBy(v1.rows, (r) => r.id.toLowerCase());
  const v2Groups = groupBy(v2.rows, (r) => r.id.toLowerCase());
  const total = v1Groups.size + [...v2Groups.keys()].filter((k) => !v1Groups.has(k)).length;
  let done = 0;
  const tick = (): void => {
    done += 1;
    if (opts.onProgress && (done % 500 === 0 || done === total)) opts.onProgress(done, total);
  };

  const records: ModelRecord[] = [];
  const counts: LeaderboardCounts = {
    v1Rows: v1.rows.length,
    v1Models: v1Groups.size,
    v1DuplicateRows: v1.rows.length - v1Groups.size,
    v1IdsWithSeveralRows: 0,
    v2Rows: v2.rows.length,
    v2Models: v2Groups.size,
    v2OnlyModels: 0,
    v1ModelsInV2: 0,
    registryHits: 0,
    imputed: 0,
    unresolved: 0,
    v1RowsCovered: 0,
    v1ModelsCovered: 0,
    v2OnlyCovered: 0,
    coverageV1Rows: 0,
    coverageV1Models: 0,
    warnings: 0,
  };
  const tally = (match: "config" | "imputed" | "none"): void => {
    if (match === "config") counts.registryHits += 1;
    else if (match === "imputed") counts.imputed += 1;
    else counts.unresolved += 1;
  };

  // Structure per v1 model from the registry: exact id, declared base, or the bases all the evidence fits.
  const firstPass = [...v1Groups].map(([key, rows]) => {
    const rep = pickRepresentative(rows);
    const v2rows = v2Groups.get(key);
    const v2rep = v2rows ? pickV2(v2rows) : null;
    const others = [rep, ...rows.filter((r) => r !== rep)];
    const input: ImputeInput = {
      id: rep.id,
      architecture: firstNonNull([...others.map((r) => r.architecture), v2rep?.architecture ?? null]),
      params_floor: firstNonNull(others.map((r) => r.params_b_floor)),
      params_exact: v2rep?.params_b ?? null,
      is_moe: rep.is_moe,
      submitted_at: firstNonNull(others.map((r) => r.submitted_at)),
      precision: rep.precision,
      weight_type: rep.weight_type,
      base_model: cleanBaseModel(v2rep?.base_model ?? null),
    };
    return { key, rows, rep, v2rep, others, input, imp: imputeStructure(input, registry, rules) };
  });
  const v2Only = [...v2Groups].flatMap(([key, rows]) => {
    if (v1Groups.has(key)) return [];
    const rep = pickV2(rows);
    const input: ImputeInput = {
      id: rep.id,
      architecture: rep.architecture,
      params_floor: null,
      params_exact: rep.params_b,
      is_moe: rep.is_moe,
      submitted_at: rep.submitted_at,
      precision: rep.precision,
      base_model: cleanBaseModel(rep.base_model),
    };
    return [{ key, rows, rep, input, imp: imputeStructure(input, registry, rules) }];
  });
  const priors = refineImputations([...firstPass, ...v2Only], registry, rules);
  const imputationChecks = validateImputation(
    [...firstPass, ...v2Only],
    registry,
    rules,
    priors,
    undefined,
    opts.onImputationCase,
  );

  for (const { key, rows, rep, v2rep, others, imp } of firstPass) {
    if (rows.length > 1) counts.v1IdsWithSeveralRows += 1;
    if (v2rep) counts.v1ModelsInV2 += 1;
    tally(imp.match);
    const recWarnings = [...imp.warnings];
    if (rows.length > 1) {
      recWarnings.push(
        `${rows.length} v1 rows (lines ${rows.map((r) => r.line).join(", ")}); kept line ${rep.line} (${rep.precision ?? "?"}, ${rep.submitted_at ?? "no date"})`,
      );
    }
    const kinds = new Set(rows.map((r) => r.kind).filter((k): k is ModelKind => k !== null));
    let kind = rep.kind ?? firstNonNull(others.map((r) => r.kind));
    // A registry base model submitted once as "pretrained" and once under another type is pretrained.
    if (imp.match === "config" && kinds.has("pretrained")) kind = "pretrained";
    if (kinds.size > 1) recWarnings.push(`rows disagree on the model type: ${[...kinds].join(", ")}`);
    const base = imp.match === "config" ? registry.byId.get(key) : undefined;
    records.push({
      ...imp.structure,
      id: rep.id,
      revision: rep.revision,
      source: "leaderboard-v1",
      provenance: imp.provenance,
      imputed_from: imp.imputed_from,
      impute_confidence: imp.impute_confidence,
      evidence: imp.evidence,
      kind,
      is_moe: moeFlag(rep.is_moe, imp.structure, recWarnings),
      is_merged: rep.is_merged,
      flagged: rep.flagged,
      created_at: base?.released ?? v2rep?.uploaded_at ?? null,
      submitted_at: rep.submitted_at,
      date_source: dateSourceOf(
        base?.released ?? v2rep?.uploaded_at ?? null,
        base ? "registry-release" : "hub",
        rep.submitted_at,
      ),
      likes:
        Math.max(...rows.map((r) => r.likes ?? -1)) >= 0 ? Math.max(...rows.map((r) => r.likes ?? -1)) : null,
      downloads: null,
      last_modified: null,
      library: null,
      pipeline_tag: null,
      gated: null,
      license: rep.license ?? firstNonNull(others.map((r) => r.license)),
      precision: rep.precision,
      base_model: cleanBaseModel(v2rep?.base_model ?? null),
      arc: rep.arc,
      hellaswag: rep.hellaswag,
      mmlu: rep.mmlu,
      truthfulqa: rep.truthfulqa,
      winogrande: rep.winogrande,
      gsm8k: rep.gsm8k,
      average: rep.average,
      warnings: recWarnings,
    });
    const last = records[records.length - 1];
    if (last && isCovered(last)) {
      counts.v1ModelsCovered += 1;
      counts.v1RowsCovered += rows.length;
    }
    tick();
  }

  for (const { key, rows, rep, imp } of v2Only) {
    counts.v2OnlyModels += 1;
    tally(imp.match);
    const base = imp.match === "config" ? registry.byId.get(key) : undefined;
    const recWarnings = [...imp.warnings];
    if (rows.length > 1)
      recWarnings.push(`${rows.length} v2 rows; kept the one with the most scores, then the latest`);
    records.push({
      ...imp.structure,
      id: rep.id,
      revision: rep.revision,
      source: "leaderboard-v2",
      provenance: imp.provenance,
      imputed_from: imp.imputed_from,
      impute_confidence: imp.impute_confidence,
      evidence: imp.evidence,
      kind: rep.kind,
      is_moe: moeFlag(rep.is_moe, imp.structure, recWarnings),
      is_merged: rep.is_merged,
      flagged: rep.flagged,
      created_at: base?.released ?? rep.uploaded_at,
      submitted_at: null,
      date_source: dateSourceOf(base?.released ?? rep.uploaded_at, base ? "registry-release" : "hub", null),
      likes: rep.likes,
      downloads: null,
      last_modified: null,
      library: null,
      pipeline_tag: null,
      gated: null,
      license: rep.license,
      precision: rep.precision,
      base_model: cleanBaseModel(rep.base_model),
      arc: null,
      hellaswag: null,
      mmlu: null,
      truthfulqa: null,
      winogrande: null,
      gsm8k: null,
      average: null,
      warnings: recWarnings,
    });
    const last = records[records.length - 1];
    if (last && isCovered(last)) counts.v2OnlyCovered += 1;
    tick();
  }

  counts.coverageV1Rows = v1.rows.length > 0 ? counts.v1RowsCovered / v1.rows.length : 0;
  counts.coverageV1Models = v1Groups.size > 0 ? counts.v1ModelsCovered / v1Groups.size : 0;
  counts.warnings = warnings.length;
  return { records, v2: v2.rows, warnings, counts, imputationChecks };
}
