import type { BlockInfluenceResult } from "../bi/block-influence.ts";
import { lowestBiLayers } from "../bi/block-influence.ts";
import { modelBlockInfluence } from "../bi/run-bi.ts";
import { ModelError } from "../errors.ts";
import type { LoadModelOptions } from "../model/model.ts";
import { checkPruneOutput, type PruneResult, pruneLayers } from "./prune-layers.ts";

export interface PruneModelParams {
  model: string;
  outDir: string;
  /** Explicit layers to remove. */
  remove?: number[];
  /** Remove the n layers with the lowest Block Influence (computed on textFile or the bundled text). */
  lowestBi?: number;
  textFile?: string;
  tokens?: number;
  /** Override whether the BI calibration sequences start with BOS (default: as `tokenizer(text)` does). */
  bos?: boolean;
  load?: LoadModelOptions;
  onProgress?: (stage: "bi" | "write", done: number, total: number) => void;
}

export interface PruneModelResult extends PruneResult {
  /** The Block Influence the choice was based on (null with an explicit list). */
  blockInfluence: BlockInfluenceResult | null;
}

/** `strata probe prune`: choose layers (explicitly or by lowest BI) and write the pruned checkpoint. */
export async function pruneModel(p: PruneModelParams): Promise<PruneModelResult> {
  if ((p.remove === undefined) === (p.lowestBi === undefined)) {
    throw new ModelError("give exactly one of: layers to remove, or the number of lowest-BI layers");
  }
  // Before any Block Influence work: the output must be absent or an empty folder.
  checkPruneOutput(p.outDir);
  let bi: BlockInfluenceResult | null = null;
  let remove = p.remove ?? [];
  if (p.lowestBi !== undefined) {
    bi = await modelBlockInfluence({
      model: p.model,
      textFile: p.textFile,
      tokens: p.tokens,
      bos: p.bos,
      load: p.load,
      onProgress: (d, t) => p.onProgress?.("bi", d, t),
    });
    remove = lowestBiLayers(bi, p.lowestBi);
  }
  const r = pruneLayers(p.model, remove, p.outDir, { onProgress: (d, t) => p.onProgress?.("write", d, t) });
  return { ...r, blockInfluence: bi };
}
