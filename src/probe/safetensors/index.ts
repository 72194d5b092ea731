export * from "./dtype.ts";
export * from "./read.ts";
export * from "./write.ts";
