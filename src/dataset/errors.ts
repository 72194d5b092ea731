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

/**
 * A query the caller got wrong: an unknown column, a malformed filter or search, a bad sort or limit, an
 * unknown export table or format. Exit code 2 (bad usage) in the CLI, a 400 in the server.
 */
export class QueryError extends StrataError {
  override readonly exitCode = 2;
}
