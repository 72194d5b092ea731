export * from "./bi/index.ts";
export * from "./charts/index.ts";
export * from "./demo-model.ts";
export * from "./demo-text.ts";
export * from "./errors.ts";
export * from "./eval/index.ts";
export * from "./generate/index.ts";
export * from "./gradients/index.ts";
export * from "./info.ts";
export type { CausalLM, DecodingCache, IncrementalLM, TextTokenizer } from "./lm.ts";
export * from "./lora/index.ts";
export * from "./lora/index.ts";
export {
  type Branch,
  type ForwardResult,
  forwardBackward,
  forwardBranches,
  KvCache,
  KvLayer,
  type LinearGrad,
  type LoadModelOptions,
  languageModelLoss,
  loadModel,
  MATRIX_NAMES,
  type MatrixName,
  Model,
  type ModelConfig,
  readModelConfig as readCheckpointConfig,
  WEIGHT_CACHING,
  type WeightCaching,
  writeRandomCheckpoint,
} from "./model/index.ts";
export * from "./prune/index.ts";
export * from "./safetensors/index.ts";
export * from "./save.ts";
export { type Backend, type BackendChoice, backendInfo, createBackend } from "./tensor/index.ts";
export {
  encodeText,
  loadTokenizer,
  startsWithBos,
  type TokenizeOptions,
  TokenizerError,
  tokenizerFromJson,
  withBos,
} from "./tokenizer.ts";
