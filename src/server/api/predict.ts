import {
  estimateParams,
  FIELD_BOUNDS,
  MAX_PARAMS_B,
  normalizeConfig,
  sizeProblem,
} from "../../configs/index.ts";
import {
  ConfigError,
  emptyStructure,
  type ModelRecord,
  type Structure,
  type StructureProvenance,
} from "../../contracts/index.ts";

import { fitScorePredictor, MlError, type ScorePredictions, type ScorePredictor } from "../../ml/index.ts";
import { HttpError } from "../errors.ts";
import { MAX_NEIGHBOURS, MAX_PREDICT_QUEUE, PREDICT_CACHE_ENTRIES } from "../limits.ts";
import { LruCache } from "../lru-cache.ts";

/** What POST /api/predict accepts: a pasted config.json, or a structure (optionally a known model's, edited). */
export interface PredictRequest {
  /** A raw Hugging Face config.json object, normalized as `strata config` does. */
  config?: unknown;
  /** Start from this known model's structure ... */
  from?: string;
  /** ... and/or these fields (they override `from`'s). */
  structure?: Partial<Structure>;
  /** YYYY-MM: the date feature (default: the newest month in the data). */
  date?: string;
  /** Miscoverage of the intervals, in (0, 1); default 0.1 (90% intervals). */
  alpha?: number;
  /** Nearest known models to list, 1..MAX_NEIGHBOURS; default 5. */
  k?: number;
}

export interface PredictResponse extends ScorePredictions {
  structure: Structure;
  /** Where each structure value came from (config keys, the known model, the form). */
  provenance: StructureProvenance;
  /** From normalizing the config and from predictScores. */
  warnings: string[];
  /** True when the same query was answered before (predictions are deterministic). */
  cached: boolean;
  ms: number;
}

const BODY_FIELDS = ["config", "from", "structure", "date", "alpha", "k"] as const;
const INT_FIELDS = Object.keys(FIELD_BOUNDS) as (keyof typeof FIELD_BOUNDS)[];
const TEXT_FIELDS = ["architecture", "model_type", "activation"] as const;

/**
 * Answers predictions with the library's score predictor (six Random Forests with split-conformal
 * intervals): the forests are fitted once, on the first prediction (seconds, both cores), and every
 * prediction after that is answered at once. Requests that arrive while the forests are being fitted
 * wait in a short queue; answers are cached.
 */
export class Predictor {
  private readonly cache = new LruCache<PredictResponse>(PREDICT_CACHE_ENTRIES);
  private fitted: Promise<ScorePredictor> | null = null;
  private queued = 0;

  constructor(
    private readonly records: readonly ModelRecord[],
    private readonly byId: ReadonlyMap<string, ModelRecord>,
    private readonly opts: { workers?: number } = {},
  ) {}

  async predict(body: unknown): Promise<PredictResponse> {
    const req = checkRequest(body);
    const { structure, provenance, warnings } = this.resolveStructure(req);
    const alpha = req.alpha ?? 0.1;
    const k = req.k ?? 5;
    const key = JSON.stringify([structure, req.date ?? null, alpha, k]);
    const hit = this.cache.get(key);
    if (hit) return { ...hit, cached: true, ms: 0 };
    if (this.queued >= MAX_PREDICT_QUEUE) {
      throw new HttpError(
        503,
        `${this.queued} predictions are already waiting; try again shortly`,
        undefined,
        {
          "Retry-After": "10",
        },
      );
    }
    this.queued++;
    const t0 = performance.now();
    try {
      const predictor = await this.forests();
      const result = predictor.predict(structure, {
        alpha,
        k,
        ...(req.date === undefined ? {} : { date: req.date }),
      });
      const out: PredictResponse = {
        ...result,
        structure,
        provenance,
        warnings: [...warnings, ...result.warnings],
        cached: false,
        ms: Math.round(performance.now() - t0),
      };
      this.cache.set(key, out, 1);
      return out;
    } catch (err) {
      if (err instanceof MlError) throw new HttpError(400, `cannot predict: ${err.message}`, "structure");
      throw err;
    } finally {
      this.queued--;
    }
  }

  /** Starts fitting the forests now (the Predict view asks for it when it opens). */
  warm(): void {
    this.forests().catch(() => undefined);
  }

  /** The fitted forests, fitting them on first use; a failed fit is forgotten so the next call retries. */
  private forests(): Promise<ScorePredictor> {
    if (!this.fitted) {
      const fitting = fitScorePredictor(
        this.records,
        this.opts.workers === undefined ? {} : { workers: this.opts.workers },
      );
      this.fitted = fitting;
      fitting.catch(() => {
        if (this.fitted === fitting) this.fitted = null;
      });
    }
    return this.fitted;
  }

  private resolveStructure(req: PredictRequest): {
    structure: Structure;
    provenance: StructureProvenance;
    warnings: string[];
  } {
    let structure = emptyStructure();
    let provenance: StructureProvenance = {};
    const warnings: string[] = [];
    if (req.config !== undefined) {
      try {
        const n = normalizeConfig(req.config, { file: "pasted config.json" });
        structure = n.structure;
        provenance = n.provenance;
        warnings.push(...n.warnings.map((w) => `${w.field}: ${w.message}`));
      } catch (err) {
        if (err instanceof ConfigError) throw new HttpError(400, err.message, "config");
        throw err;
      }
    } else if (req.from !== undefined) {
      const r = this.byId.get(req.from);
      if (!r) throw new HttpError(400, `from: no model '${req.from}' in the dataset`, "from");
      for (const key of Object.keys(structure) as (keyof Structure)[]) {
        (structure as unknown as Record<string, unknown>)[key] = r[key];
      }
      provenance = { ...r.provenance };
    }
    for (const [key, value] of Object.entries(req.structure ?? {})) {
      (structure as unknown as Record<string, unknown>)[key] = value;
      provenance[key as keyof Structure] = "config";
    }
    if (structure.params_b === null) {
      const est = estimateParams(structure);
      if (est !== null) {
        structure.params_b = est;
        provenance.params_b = "estimated";
      }
    }
    return { structure, provenance, warnings };
  }
}

/** The body as a PredictRequest, every field checked (400 naming the field). */
function checkRequest(body: unknown): PredictRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "the body must be a JSON object", "body");
  }
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (!(BODY_FIELDS as readonly string[]).includes(k)) {
      throw new HttpError(400, `unknown field '${k}'; the body takes: ${BODY_FIELDS.join(", ")}`, k);
    }
  }
  const given = ["config", "from", "structure"].filter((k) => b[k] !== undefined);
  if (given.length === 0)
    throw new HttpError(400, "give a config, a structure, or from (a known model id)", "body");
  if (b.config !== undefined && given.length > 1) {
    throw new HttpError(400, "config cannot be combined with from or structure", "config");
  }
  if (b.from !== undefined && typeof b.from !== "string")
    throw new HttpError(400, "from must be a model id", "from");
  if (b.date !== undefined && (typeof b.date !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(b.date))) {
    throw new HttpError(400, `date must be YYYY-MM, got ${JSON.stringify(b.date)}`, "date");
  }
  if (b.alpha !== undefined && !(typeof b.alpha === "number" && b.alpha > 0 && b.alpha < 1)) {
    throw new HttpError(400, `alpha must be a number in (0, 1), got ${JSON.stringify(b.alpha)}`, "alpha");
  }
  if (
    b.k !== undefined &&
    !(typeof b.k === "number" && Number.isInteger(b.k) && b.k >= 1 && b.k <= MAX_NEIGHBOURS)
  ) {
    throw new HttpError(
      400,
      `k must be a whole number from 1 to ${MAX_NEIGHBOURS}, got ${JSON.stringify(b.k)}`,
      "k",
    );
  }
  if (b.structure !== undefined) checkStructure(b.structure);
  return b as PredictRequest;
}

function checkStructure(s: unknown): void {
  if (typeof s !== "object" || s === null || Array.isArray(s)) {
    throw new HttpError(400, "structure must be an object of structure fields", "structure");
  }
  const fields = Object.keys(emptyStructure());
  for (const [k, v] of Object.entries(s)) {
    const at = `structure.${k}`;
    if (!fields.includes(k))
      throw new HttpError(400, `unknown structure field '${k}'; one of ${fields.join(", ")}`, at);
    if (v === null) continue;
    const intField = INT_FIELDS.find((f) => f === k);
    if (intField !== undefined) {
      const why = sizeProblem(v, FIELD_BOUNDS[intField]);
      if (why !== null) throw new HttpError(400, `${at} = ${JSON.stringify(v)} ${why}`, at);
    } else if (k === "params_b") {
      if (!(typeof v === "number" && v > 0 && v <= MAX_PARAMS_B)) {
        throw new HttpError(400, `${at} must be a number of billions in (0, ${MAX_PARAMS_B}]`, at);
      }
    } else if (k === "multimodal") {
      if (typeof v !== "boolean") throw new HttpError(400, `${at} must be true or false`, at);
    } else if ((TEXT_FIELDS as readonly string[]).includes(k) && (typeof v !== "string" || v.length > 200)) {
      throw new HttpError(400, `${at} must be a text of at most 200 characters`, at);
    }
  }
}
