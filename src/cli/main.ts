import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { StrataError, UsageError } from "../errors.ts";
import type { Command, CommandContext, FlagSpec } from "./command.ts";
import { commandHelp, programHelp } from "./help.ts";
import { createProgress } from "./progress.ts";

const COMMANDS_DIR = fileURLToPath(new URL("./commands/", import.meta.url));

export interface MainIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  cwd?: string;
}

/** Every command file under cli/commands/ (one command each), loaded on demand. */
export async function loadCommands(): Promise<Command[]> {
  const names = readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => f.slice(0, -3))
    .sort();
  const out: Command[] = [];
  for (const name of names) out.push(await loadCommand(name));
  return out;
}

async function loadCommand(name: string): Promise<Command> {
  const mod = (await import(`./commands/${name}.ts`)) as { command: Command };
  return mod.command;
}

const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  help: { type: "boolean", short: "h", description: "Show help for this command" },
  json: { type: "boolean", description: "Print one JSON document on stdout instead of text" },
};

/** Runs the CLI and returns the exit code. Never throws: errors are printed without a stack trace. */
export async function main(argv: string[], io: MainIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      stdout.write(programHelp(await loadCommands()));
      return name === undefined ? 2 : 0;
    }
    if (name === "--version" || name === "-v") {
      stdout.write("strata 0.1.0\n");
      return 0;
    }
    const known = readdirSync(COMMANDS_DIR).map((f) => f.replace(/\.ts$/, ""));
    if (!/^[a-z][a-z0-9-]*$/.test(name) || !known.includes(name)) {
      throw new UsageError(`unknown command '${name}'. Run 'strata --help' for the list of commands.`);
    }
    let command = await loadCommand(name);
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
  const specs = { ...GLOBAL_FLAGS, ...command.flags };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, parseArgsOption(s)])),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${path.join(" ")}: ${(err as Error).message}`);
  }
  const flags = { ...parsed.values } as CommandContext["flags"];
  for (const [k, spec] of Object.entries(specs)) {
    if (flags[k] === undefined && spec.default !== undefined) flags[k] = spec.default;
  }
  if (flags.help === true || !command.run) {
    io.stdout.write(commandHelp(command, path, specs));
    return flags.help === true ? 0 : 2;
  }
  const positionals = parsed.positionals;
  const required = (command.positionals ?? []).filter((p) => p.required);
  if (positionals.length < required.length) {
    const missing = required[positionals.length];
    throw new UsageError(
      `${path.join(" ")}: missing argument <${missing?.name}>. Usage: strata ${path.join(" ")} --help`,
    );
  }
  const maxPositionals = (command.positionals ?? []).some((p) => p.variadic)
    ? Number.POSITIVE_INFINITY
    : (command.positionals ?? []).length;
  if (positionals.length > maxPositionals) {
    throw new UsageError(`${path.join(" ")}: unexpected argument '${positionals[maxPositionals]}'`);
  }
  const json = flags.json === true;
  const ctx: CommandContext = {
    flags,
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

/** node:util parseArgs rejects keys set to undefined, so only the ones given are copied. */
function parseArgsOption(s: FlagSpec): { type: "string" | "boolean"; short?: string; multiple?: boolean } {
  const o: { type: "string" | "boolean"; short?: string; multiple?: boolean } = { type: s.type };
  if (s.short !== undefined) o.short = s.short;
  if (s.multiple !== undefined) o.multiple = s.multiple;
  return o;
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
