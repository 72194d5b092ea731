import type { ImportWarning, ModelKind } from "../contracts/index.ts";

/** "TRUE"/"FALSE" (any case), "1"/"0"; null for empty or anything else. */
export function parseBool(s: string): boolean | null {
  const t = s.trim().toLowerCase();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  return null;
}

/** A finite number, or null for an empty or non-numeric field (the caller decides whether to warn). */
/** A boolean cell; a malformed one becomes a warning naming the field and reads as null. */
export function parseFlag(
  s: string,
  field: string,
  file: string,
  line: number,
  warnings: ImportWarning[],
): boolean | null {
  const v = parseBool(s);
  if (v === null) warnings.push({ file, line, field, message: `not a boolean: ${JSON.stringify(s)}` });
  return v;
}

/** The row's model id, or null with a warning (the caller skips the row) when the cell is empty. */
export function parseModelId(
  s: string,
  field: string,
  file: string,
  line: number,
  warnings: ImportWarning[],
): string | null {
  const id = s.trim();
  if (id !== "") return id;
  warnings.push({ file, line, field, message: `invalid model id ${JSON.stringify(id)}; row skipped` });
  return null;
}

export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (t === "") return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/**
 * A percentage score in 0..100. Empty -> null silently; non-numeric or out of range -> null plus a
 * warning naming the line and field.
 */
export function parseScore(
  s: string,
  field: string,
  file: string,
  line: number,
  warnings: ImportWarning[],
): number | null {
  const t = s.trim();
  if (t === "") return null;
  const v = parseNumber(t);
  if (v === null) {
    warnings.push({ file, line, field, message: `non-numeric score ${JSON.stringify(t)}; set to null` });
    return null;
  }
  if (v < 0 || v > 100) {
    warnings.push({ file, line, field, message: `score ${v} outside 0..100; set to null` });
    return null;
  }
  return v;
}

/** A non-negative integer count (likes), or null with a warning when the field is not one. */
export function parseCount(
  s: string,
  field: string,
  file: string,
  line: number,
  warnings: ImportWarning[],
): number | null {
  const t = s.trim();
  if (t === "") return null;
  const v = parseNumber(t);
  if (v === null || v < 0 || !Number.isInteger(v)) {
    warnings.push({ file, line, field, message: `invalid count ${JSON.stringify(t)}; set to null` });
    return null;
  }
  return v;
}

/**
 * The leaderboard `type` column (v1: "🟢 pretrained", "💬 chat models (RLHF, DPO, IFT, ...)"; v2 the same
 * words with spaces removed: "chatmodels") -> ModelKind. Emoji and punctuation are ignored.
 */
export function parseKind(s: string): ModelKind | null {
  const t = s.toLowerCase().replace(/[^a-z]/g, "");
  if (t === "") return null;
  if (t.startsWith("pretrained")) return "pretrained";
  if (t.startsWith("continuously") || t.startsWith("continued")) return "continued";
  if (t.startsWith("finetuned")) return "fine-tuned";
  if (t.startsWith("chat")) return "chat";
  if (t.startsWith("basemerges") || t.startsWith("merge")) return "merge";
  return null;
}

/** An ISO date or timestamp ("2023-12-11T12:54:17Z", "2024-05-11"); null when empty or unparsable. */
export function parseIsoDate(s: string): string | null {
  const t = s.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return null;
  return Number.isNaN(Date.parse(t)) ? null : t;
}

/** Empty string -> null, else the trimmed text. */
export function text(s: string): string | null {
  const t = s.trim();
  return t === "" ? null : t;
}
