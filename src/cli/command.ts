import type { Progress } from "./progress.ts";

/** One flag of a command, in the shape node:util parseArgs takes, plus help text. */
export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  /** Placeholder shown in help, e.g. "DIR". */
  arg?: string;
  description: string;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** What a command's `run` receives: parsed flags and the streams to print on. */
export interface CommandContext {
  flags: FlagValues;
  positionals: string[];
  /** True when --json was given: print one JSON document on stdout and nothing else there. */
  json: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Makes a progress reporter on stderr (a bar on a TTY, periodic lines otherwise, silent with --json). */
  progress(label: string, total?: number): Progress;
  /** The working directory commands resolve relative paths against. */
  cwd: string;
}

/**
 * A CLI command. Each lives in its own file under cli/commands/ and exports `command`.
 * `run` parses nothing itself and computes nothing itself: it calls one library function and prints.
 * It returns the exit code (0 when omitted).
 */
export interface Command {
  name: string;
  summary: string;
  /** Longer description shown by --help. */
  description?: string;
  positionals?: PositionalSpec[];
  flags?: Record<string, FlagSpec>;
  examples?: string[];
  /** Sub-commands (e.g. `probe bi`); when present, the first positional picks one. */
  subcommands?: Command[];
  run?(ctx: CommandContext): Promise<number | undefined> | number | undefined;
}
