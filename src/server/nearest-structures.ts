import { type ModelRecord, NUMERIC_STRUCTURE_KEYS, type StructureEvidence } from "../contracts/index.ts";

/** The structure fields compared (the numeric ones but active experts), each on a log2 scale then standardized. */
type Feature = Exclude<(typeof NUMERIC_STRUCTURE_KEYS)[number], "moe_active_experts">;
export const STRUCTURE_FEATURES: readonly Feature[] = NUMERIC_STRUCTURE_KEYS.filter(
  (k): k is Feature => k !== "moe_active_experts",
);

/** One distinct structure of the dataset and the models that share it. */
export interface StructureGroup {
  /** The model shown for the group: the best evidenced (config first), then scored, then the most liked. */
  representative: string;
  members: string[];
  values: Record<Feature, number | null>;
}

export interface NearestStructure {
  id: string;
  /** Standardized Euclidean distance (log2 of each field, z-scored over the distinct structures). */
  distance: number;
  /** Models sharing this exact structure. */
  models: number;
  values: Record<Feature, number | null>;
}

/** Strongest evidence first (record.ts lists them in this order). */
const EVIDENCE_RANK: Record<StructureEvidence, number> = {
  config: 0,
  registry: 1,
  lineage: 2,
  "name+size": 3,
  "size-only": 4,
  "name-only": 5,
  prior: 6,
  unresolved: 7,
};

/**
 * Fine-tunes copy their base's structure, so a plain nearest-neighbour list is a wall of identical twins.
 * The index groups models by exact structure and answers in distinct structures instead.
 */
export class StructureIndex {
  private readonly groups: StructureGroup[] = [];
  private readonly groupOf = new Map<string, number>();
  private readonly z: Float64Array;
  private readonly mean: Float64Array;
  private readonly std: Float64Array;

  constructor(records: readonly ModelRecord[]) {
    const byKey = new Map<string, number>();
    const sorted = [...records]
      .filter(hasCore)
      .sort(
        (a, b) =>
          EVIDENCE_RANK[a.evidence] - EVIDENCE_RANK[b.evidence] ||
          Number(b.average !== null) - Number(a.average !== null) ||
          (b.likes ?? 0) - (a.likes ?? 0) ||
          (a.id < b.id ? -1 : 1),
      );
    for (const r of sorted) {
      const values = featureValues(r);
      // params_b is left out of the key: estimates of one structure differ in the last digits.
      const key = STRUCTURE_FEATURES.filter((f) => f !== "params_b")
        .map((f) => values[f] ?? "-")
        .join("|");
      let g = byKey.get(key);
      if (g === undefined) {
        g = this.groups.length;
        byKey.set(key, g);
        this.groups.push({ representative: r.id, members: [], values });
      }
      this.groups[g]?.members.push(r.id);
      this.groupOf.set(r.id, g);
    }
    const p = STRUCTURE_FEATURES.length;
    const n = this.groups.length;
    const raw = new Float64Array(n * p).fill(Number.NaN);
    this.groups.forEach((g, i) => {
      STRUCTURE_FEATURES.forEach((f, j) => {
        raw[i * p + j] = logValue(g.values[f]);
      });
    });
    this.mean = new Float64Array(p);
    this.std = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      let c = 0;
      for (let i = 0; i < n; i++) {
        const v = raw[i * p + j] as number;
        if (!Number.isNaN(v)) {
          s += v;
          c++;
        }
      }
      const m = c ? s / c : 0;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const v = raw[i * p + j] as number;
        if (!Number.isNaN(v)) ss += (v - m) ** 2;
      }
      this.mean[j] = m;
      this.std[j] = c > 1 && ss > 0 ? Math.sqrt(ss / c) : 1;
    }
    this.z = raw.map((v, k) => (v - (this.mean[k % p] as number)) / (this.std[k % p] as number));
  }

  /** The models sharing `id`'s exact structure (itself included), or null when its structure is unknown. */
  twins(id: string): StructureGroup | null {
    const g = this.groupOf.get(id);
    return g === undefined ? null : (this.groups[g] ?? null);
  }

  /** The k structures nearest `id`'s, its own excluded; empty when its structure is unknown. */
  nearest(id: string, k: number): NearestStructure[] {
    const own = this.groupOf.get(id);
    if (own === undefined) return [];
    const p = STRUCTURE_FEATURES.length;
    const scored: { g: number; d: number }[] = [];
    for (let g = 0; g < this.groups.length; g++) {
      if (g === own) continue;
      let d = 0;
      for (let j = 0; j < p; j++) {
        const a = this.z[own * p + j] as number;
        const b = this.z[g * p + j] as number;
        // A field unknown on either side counts as a one-standard-deviation difference.
        d += Number.isNaN(a) || Number.isNaN(b) ? (Number.isNaN(a) && Number.isNaN(b) ? 0 : 1) : (a - b) ** 2;
      }
      scored.push({ g, d: Math.sqrt(d) });
    }
    scored.sort((a, b) => a.d - b.d || a.g - b.g);
    return scored.slice(0, k).map(({ g, d }) => {
      const grp = this.groups[g] as StructureGroup;
      return { id: grp.representative, distance: d, models: grp.members.length, values: grp.values };
    });
  }
}

function hasCore(r: ModelRecord): boolean {
  return r.layers !== null && r.d_model !== null && r.d_ffn !== null && r.heads !== null;
}

function featureValues(r: ModelRecord): Record<Feature, number | null> {
  return {
    layers: r.layers,
    d_model: r.d_model,
    d_ffn: r.d_ffn,
    heads: r.heads,
    kv_heads: r.kv_heads ?? r.heads,
    vocab_size: r.vocab_size,
    pos: r.pos,
    params_b: r.params_b === null ? null : Number(r.params_b.toFixed(2)),
    moe_experts: r.moe_experts ?? 1,
  };
}

function logValue(v: number | null): number {
  return v === null || !(v > 0) ? Number.NaN : Math.log2(v);
}
