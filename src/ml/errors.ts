import { StrataError } from "../contracts/index.ts";

/** A modelling problem: no rows left after a filter, a feature missing from a query, bad options. */
export class MlError extends StrataError {}
