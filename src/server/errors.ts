import { StrataError } from "../contracts/index.ts";

/**
 * An answer the API gives instead of a result: the HTTP status, a message naming what is at fault and,
 * for bad input, the query parameter or body field concerned.
 */
export class HttpError extends StrataError {
  constructor(
    readonly status: number,
    message: string,
    readonly param?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The dashboard cannot start: no dataset, no built front end, a port in use. */
export class ServeError extends StrataError {}
