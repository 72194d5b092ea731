/** Sizes read from a model id, e.g. "Llama-2-13b", "SOLAR-10.7B", "Qwen-1_8B", "Beyonder-4x7B". */
export interface NameSize {
  /** Dense size (or size of one expert for an N x M merge), billions. */
  size_b: number | null;
  /** N of an "NxM" mixture-of-experts name ("8x7B", "7Bx2"). */
  experts: number | null;
}

const MOE_N_X_M = /(?:^|[^a-z0-9])(\d{1,2})\s*x\s*(\d{1,3}(?:[._]\d{1,2})?)\s*b(?![a-z])/;
const MOE_M_X_N = /(?:^|[^a-z0-9.])(\d{1,3}(?:[._]\d{1,2})?)\s*b\s*x\s*(\d{1,2})(?![0-9])/;
const DENSE_B = /(?:^|[^a-z0-9._])(\d{1,3}(?:[._]\d{1,2})?)\s*b(?![a-z0-9])/;
const DENSE_M = /(?:^|[^a-z0-9._])(\d{2,3})\s*m(?![a-z0-9])/;

const num = (s: string): number => Number(s.replace("_", "."));

/** Parses size hints from the repository name (the part after the owner). */
export function parseNameSize(id: string): NameSize {
  const name = (id.split("/").pop() ?? id).toLowerCase();
  let m = MOE_N_X_M.exec(name);
  if (m?.[1] && m[2]) return { experts: Number(m[1]), size_b: num(m[2]) };
  m = MOE_M_X_N.exec(name);
  if (m?.[1] && m[2]) return { experts: Number(m[2]), size_b: num(m[1]) };
  m = DENSE_B.exec(name);
  if (m?.[1]) {
    const v = num(m[1]);
    if (v > 0) return { experts: null, size_b: v };
  }
  m = DENSE_M.exec(name);
  if (m?.[1]) return { experts: null, size_b: Number(m[1]) / 1000 };
  return { experts: null, size_b: null };
}
