/**
 * Error classes, one per boundary. Each message names the file, row, field or URL at fault.
 * `exitCode` is what the CLI exits with: 1 for a failure, 2 for bad usage.
 */
export class StrataError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command-line usage: unknown flag, missing argument, unknown target. Exit 2. */
export class UsageError extends StrataError {
  override readonly exitCode = 2;
}

/** A config.json that cannot be read or normalized. */
export class ConfigError extends StrataError {
  constructor(
    message: string,
    readonly file?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A data file (CSV, JSON lines) with a problem that stops the import. */
export class DataError extends StrataError {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }
}
