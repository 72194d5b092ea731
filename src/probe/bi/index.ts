export * from "./block-influence.ts";
export * from "./calibration-text.ts";
export * from "./run-bi.ts";
