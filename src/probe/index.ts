export * from "./errors.ts";
export type { CausalLM, TextTokenizer } from "./lm.ts";
export { type ForwardResult, type LoadModelOptions, loadModel, Model } from "./model/index.ts";
export * from "./safetensors/index.ts";
export { type Backend, type BackendChoice, backendInfo, createBackend } from "./tensor/index.ts";
