import { StrataError } from "../contracts/index.ts";

/** A report that cannot be built or written: the message names the file, figure or section at fault. */
export class ReportError extends StrataError {}
