export { FAMILIES, GENERIC_ALIASES } from "./aliases.ts";
export * from "./bounds.ts";
export { type EstimateOptions, estimateParams, type MlaShape } from "./estimate-params.ts";
export { type NormalizeOptions, normalizeConfig } from "./normalize-config.ts";
export {
  MAX_CONFIG_BYTES,
  type ModelConfigResult,
  readModelConfig,
  safetensorsParams,
} from "./read-model-config.ts";
