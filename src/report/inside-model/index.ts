export * from "./analyze.ts";
export * from "./section.ts";
export * from "./specs.ts";
