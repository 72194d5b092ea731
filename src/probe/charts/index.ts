export * from "./svg.ts";
export * from "./terminal.ts";
