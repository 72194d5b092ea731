export * from "./bi/index.ts";
export * from "./charts/index.ts";
export * from "./errors.ts";
export * from "./gradients/index.ts";
export * from "./info.ts";
export type { CausalLM, TextTokenizer } from "./lm.ts";
export * from "./lora/index.ts";
export {
  type ForwardResult,
  forwardBackward,
  type LinearGrad,
  type LoadModelOptions,
  loadModel,
  MATRIX_NAMES,
  type MatrixName,
  Model,
  type ModelConfig,
  writeRandomCheckpoint,
} from "./model/index.ts";
export * from "./prune/index.ts";
export * from "./safetensors/index.ts";
export { type Backend, type BackendChoice, backendInfo, createBackend } from "./tensor/index.ts";
