import { StrataError } from "../../contracts/index.ts";

/** A numeric backend failure (LAPACK info != 0, library not loadable when explicitly asked for). */
export class BackendError extends StrataError {}
