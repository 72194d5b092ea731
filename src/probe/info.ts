import { statSync } from "node:fs";
import { readModelConfig } from "./model/config.ts";
import { indexTensors } from "./model/weights.ts";
import { type BackendChoice, type BackendInfo, backendInfo, createBackend } from "./tensor/index.ts";

export interface ProbeModelInfo {
  dir: string;
  family: string;
  layers: number;
  dModel: number;
  dFfn: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocabSize: number;
  tieWordEmbeddings: boolean;
  ropeTheta: number;
  /** Stored dtypes and how many tensors have each. */
  dtypes: Record<string, number>;
  tensors: number;
  parameters: number;
  files: string[];
  bytesOnDisk: number;
}

export interface ProbeInfo extends BackendInfo {
  model: ProbeModelInfo | null;
}

/** `strata probe info`: which dense-math backend runs, and (given a folder) what the model looks like. */
export function probeInfo(params: { model?: string; backend?: BackendChoice } = {}): ProbeInfo {
  const info = backendInfo(createBackend(params.backend ?? "auto"));
  if (!params.model) return { ...info, model: null };
  const dir = params.model;
  const { config } = readModelConfig(dir);
  const { tensors, files } = indexTensors(dir);
  const dtypes: Record<string, number> = {};
  let parameters = 0;
  const seen = new Set<string>();
  for (const t of tensors.values()) {
    dtypes[t.dtype] = (dtypes[t.dtype] ?? 0) + 1;
    parameters += t.shape.reduce((a, b) => a * b, 1);
    seen.add(t.file);
  }
  let bytesOnDisk = 0;
  for (const f of seen) bytesOnDisk += statSync(f).size;
  return {
    ...info,
    model: {
      dir,
      family: config.family,
      layers: config.layers,
      dModel: config.dModel,
      dFfn: config.dFfn,
      heads: config.heads,
      kvHeads: config.kvHeads,
      headDim: config.headDim,
      vocabSize: config.vocabSize,
      tieWordEmbeddings: config.tieWordEmbeddings,
      ropeTheta: config.ropeTheta,
      dtypes,
      tensors: tensors.size,
      parameters,
      files,
      bytesOnDisk,
    },
  };
}
