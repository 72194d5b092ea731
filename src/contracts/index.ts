/**
 * The contracts every stage shares and none owns: the normalized Structure, the ModelRecord row and the
 * dataset it lives in, benchmark lists, the error base classes, the study's published numbers and the
 * paths of the bundled data. Imports no stage; every stage may import it (src/architecture.test.ts).
 */
export * from "./atomic-write.ts";
export * from "./csv.ts";
export * from "./dataset.ts";
export * from "./errors.ts";
export * from "./format.ts";
export * from "./json.ts";
export * from "./output-paths.ts";
export * from "./paths.ts";
export * from "./process.ts";
export * from "./random.ts";
export * from "./record.ts";
export * from "./reference-python.ts";
export * from "./safetensors-header.ts";
export * from "./structure.ts";
export * from "./study.ts";
