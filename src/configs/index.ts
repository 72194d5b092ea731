export { FAMILIES, GENERIC_ALIASES } from "./aliases.ts";
export * from "./bounds.ts";
export { type EstimateOptions, estimateParams, type MlaShape } from "./estimate-params.ts";
export { type NormalizeOptions, normalizeConfig } from "./normalize-config.ts";
export * from "./structure.ts";
