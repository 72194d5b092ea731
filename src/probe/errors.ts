import { StrataError } from "../contracts/index.ts";

export { SafetensorsError } from "../contracts/index.ts";

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
