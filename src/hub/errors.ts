import { StrataError } from "../contracts/index.ts";

/** A Hub request that failed for good (after retries), or a Hub answer Strata cannot use. */
export class HubError extends StrataError {
  constructor(
    message: string,
    readonly url?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
