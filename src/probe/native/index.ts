export * from "./openblas.ts";
