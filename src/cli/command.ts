import type { FlagSpecs, FlagValues } from "./flags.ts";
import type { Progress } from "./progress.ts";

export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
}

/** What a command's `run` receives: its parsed, typed flags and the streams to print on. */
export interface CommandContext<F extends FlagSpecs = FlagSpecs> {
  flags: FlagValues<F>;
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
 * A CLI command. Each lives in its own file under cli/commands/ and exports `command`, made with
 * `defineCommand` so its flags' types reach `run`. `run` computes nothing itself: it calls one library
 * function and prints. It returns the exit code (0 when omitted).
 */
export interface Command<F extends FlagSpecs = FlagSpecs> {
  name: string;
  summary: string;
  /** Longer description shown by --help. */
  description?: string;
  positionals?: PositionalSpec[];
  flags?: F;
  examples?: string[];
  /** Sub-commands (e.g. `probe bi`); when present, the first positional picks one. */
  subcommands?: Command[];
  run?(ctx: CommandContext<F>): Promise<number | undefined> | number | undefined;
}

/** Declares a command with its flags' value types inferred from the flag builders. */
export function defineCommand<F extends FlagSpecs>(command: Command<F>): Command<F> {
  return command;
}
