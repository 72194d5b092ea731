import { StrataError } from "../contracts/index.ts";

/** A safetensors file that cannot be read: bad header, bad offsets, unknown dtype. Names the file and tensor. */
export class SafetensorsError extends StrataError {
  constructor(
    message: string,
    readonly file: string,
    readonly tensor?: string,
  ) {
    super(tensor === undefined ? `${file}: ${message}` : `${file}: tensor '${tensor}': ${message}`);
  }
}

/** A model folder Strata cannot run: unsupported architecture or config feature, missing weights. */
export class ModelError extends StrataError {
  constructor(
    message: string,
    readonly file?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Operand shapes that do not fit together. */
export class ShapeError extends StrataError {}
