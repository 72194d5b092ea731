export * from "./layer-gradients.ts";
export * from "./nuclear.ts";
