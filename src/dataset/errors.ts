import { StrataError } from "../contracts/index.ts";

/** The dataset store (DuckDB file) is missing, unreadable or holds rows that break the contract. */
export class DatasetError extends StrataError {
  constructor(
    message: string,
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
