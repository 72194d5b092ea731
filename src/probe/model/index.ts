export * from "./adapter.ts";
export * from "./backward.ts";
export * from "./config.ts";
export * from "./layer.ts";
export * from "./model.ts";
export * from "./random-checkpoint.ts";
export * from "./rope.ts";
export * from "./weights.ts";
