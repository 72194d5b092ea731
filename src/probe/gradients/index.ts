export * from "./layer-gradients.ts";
export * from "./nuclear.ts";
export * from "./run-grad.ts";
export * from "./samples.ts";
