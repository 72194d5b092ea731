export * from "./prune-layers.ts";
export * from "./prune-model.ts";
