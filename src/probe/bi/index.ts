export * from "./block-influence.ts";
