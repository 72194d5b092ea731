import { parseArgs } from "node:util";
import { StrataError, UsageError } from "../contracts/index.ts";
import type { Command, CommandContext } from "./command.ts";
import { COMMANDS } from "./commands/index.ts";
import { type FlagSpecs, type FlagValues, flag, type RawFlag } from "./flags.ts";
import { commandHelp, programHelp } from "./help.ts";
import { createProgress } from "./progress.ts";

export interface MainIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  cwd?: string;
}

/** Every command, loaded (for tests and tools; the CLI itself loads only the one it runs). */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(COMMANDS.map((c) => c.load()));
}

const GLOBAL_FLAGS = {
  help: flag.boolean({ short: "h", description: "Show help for this command" }),
  json: flag.boolean({ description: "Print one JSON document on stdout instead of text" }),
} satisfies FlagSpecs;

/** Runs the CLI and returns the exit code. Never throws: errors are printed without a stack trace. */
export async function main(argv: string[], io: MainIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      stdout.write(programHelp(COMMANDS));
      return name === undefined ? 2 : 0;
    }
    if (name === "--version" || name === "-v") {
      stdout.write("strata 0.1.0\n");
      return 0;
    }
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry) {
      throw new UsageError(`unknown command '${name}'. Run 'strata --help' for the list of commands.`);
    }
    let command = await entry.load();
    let path = [name];
    let args = rest;
    while (command.subcommands && args[0] !== undefined && !args[0].startsWith("-")) {
      const sub = command.subcommands.find((c) => c.name === args[0]);
      if (!sub) {
        throw new UsageError(
          `unknown sub-command '${args[0]}' of '${path.join(" ")}'; one of: ${command.subcommands.map((c) => c.name).join(", ")}`,
        );
      }
      command = sub;
      path = [...path, sub.name];
      args = args.slice(1);
    }
    return await runCommand(command, path, args, { stdout, stderr, cwd: io.cwd ?? process.cwd() });
  } catch (err) {
    return reportError(err, stderr);
  }
}

async function runCommand(
  command: Command,
  path: string[],
  args: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; cwd: string },
): Promise<number> {
  const specs: FlagSpecs = { ...GLOBAL_FLAGS, ...command.flags };
  const where = `strata ${path.join(" ")}`;
  const parsed = parseCommandLine(specs, args, where);
  const raw = parsed.values as Record<string, RawFlag>;
  if (raw.help === true || !command.run) {
    io.stdout.write(commandHelp(command, path, specs));
    return raw.help === true ? 0 : 2;
  }
  const flags: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(specs)) {
    const alias = spec.alias;
    if (alias !== undefined && raw[alias] !== undefined && raw[k] !== undefined) {
      throw new UsageError(`--${k} and --${alias} are the same flag: give one`);
    }
    const given = alias !== undefined && raw[k] === undefined ? raw[alias] : raw[k];
    flags[k] = spec.parse(
      given,
      alias !== undefined && raw[k] === undefined && raw[alias] !== undefined ? alias : k,
      { cwd: io.cwd },
    );
  }
  const positionals = parsed.positionals;
  const declared = command.positionals ?? [];
  const required = declared.filter((p) => p.required);
  if (positionals.length < required.length) {
    const missing = required[positionals.length];
    throw new UsageError(`${path.join(" ")}: missing argument <${missing?.name}>. Usage: ${where} --help`);
  }
  const maxPositionals = declared.some((p) => p.variadic) ? Number.POSITIVE_INFINITY : declared.length;
  if (positionals.length > maxPositionals) {
    throw new UsageError(`${path.join(" ")}: unexpected argument '${positionals[maxPositionals]}'`);
  }
  const json = flags.json === true;
  const ctx: CommandContext = {
    flags: flags as FlagValues<FlagSpecs>,
    positionals,
    json,
    stdout: io.stdout,
    stderr: io.stderr,
    cwd: io.cwd,
    progress: (label, total) =>
      createProgress(label, total, {
        stream: io.stderr as NodeJS.WritableStream & { isTTY?: boolean },
        silent: json || process.env.STRATA_QUIET === "1",
      }),
  };
  const code = await command.run(ctx);
  return code ?? 0;
}

/**
 * node:util parseArgs over the declared flags, with its errors turned into one-line usage messages
 * naming the flag. A negative number after a flag that takes a value (`--limit -1`) is read as that
 * value, so the flag's own parser can say what is wrong with it.
 */
function parseCommandLine(specs: FlagSpecs, args: string[], where: string): ReturnType<typeof parseArgs> {
  const takesValue = new Set<string>();
  for (const [k, s] of Object.entries(specs)) {
    if (s.type !== "string") continue;
    takesValue.add(`--${k}`);
    if (s.short) takesValue.add(`-${s.short}`);
    if (s.alias) takesValue.add(`--${s.alias}`);
  }
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const next = args[i + 1];
    if (takesValue.has(a) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${a}=${next}`);
      i++;
    } else joined.push(a);
  }
  const options = Object.fromEntries(
    Object.entries(specs).flatMap(([k, s]) => {
      const o: { type: "string" | "boolean"; short?: string; multiple?: boolean } = { type: s.type };
      if (s.short !== undefined) o.short = s.short;
      if (s.multiple !== undefined) o.multiple = s.multiple;
      const alias =
        s.alias === undefined ? [] : [[s.alias, { type: s.type, ...(s.multiple ? { multiple: true } : {}) }]];
      return [[k, o], ...alias];
    }),
  );
  try {
    return parseArgs({ args: joined, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(parseArgsMessage(err, where));
  }
}

/** parseArgs' error, said in one line: which flag, what is wrong, where to look. */
function parseArgsMessage(err: unknown, where: string): string {
  const e = err as NodeJS.ErrnoException;
  const flagName = /'(-{1,2}[^'\s]+)/.exec(e.message)?.[1] ?? "";
  const help = `see '${where} --help'`;
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `${where}: unknown flag '${flagName}'; ${help}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /does not take an argument/.test(e.message)
        ? `${where}: ${flagName} is a switch and takes no value; ${help}`
        : `${where}: ${flagName} needs a value; ${help}`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `${where}: unexpected argument; ${help}`;
    default:
      return `${where}: ${e.message}`;
  }
}

function reportError(err: unknown, stderr: NodeJS.WritableStream): number {
  if (err instanceof StrataError) {
    stderr.write(`strata: ${err.message}\n`);
    if (process.env.STRATA_DEBUG && err.stack) stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  stderr.write(`strata: internal error: ${e?.message ?? String(err)}\n`);
  if (process.env.STRATA_DEBUG && e?.stack) stderr.write(`${e.stack}\n`);
  else stderr.write("(set STRATA_DEBUG=1 for the stack trace, and please report it)\n");
  return 1;
}
