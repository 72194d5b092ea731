export * from "./generate.ts";
export * from "./run-generate.ts";
export * from "./sample.ts";
