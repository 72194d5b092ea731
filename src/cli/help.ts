import type { Command } from "./command.ts";
import type { FlagSpecs } from "./flags.ts";

export function programHelp(commands: readonly { name: string; summary: string }[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = [
    "strata: how a language model's structure relates to its benchmark scores.",
    "",
    "Usage: strata <command> [options]    (strata <command> --help for details)",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Every command takes --help and --json. Exit codes: 0 ok, 1 failure, 2 bad usage.",
    "",
  ];
  return lines.join("\n");
}

export function commandHelp(command: Command, path: string[], flags: FlagSpecs): string {
  const pos = (command.positionals ?? [])
    .map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`) + (p.variadic ? "..." : ""))
    .join(" ");
  const sub = command.subcommands ? " <sub-command>" : "";
  const lines = [`Usage: strata ${path.join(" ")}${sub} ${pos} [options]`.replace(/\s+/g, " ").trim(), ""];
  lines.push(command.summary);
  if (command.description) lines.push("", command.description);
  if (command.subcommands) {
    lines.push("", "Sub-commands:");
    const w = Math.max(...command.subcommands.map((c) => c.name.length));
    for (const c of command.subcommands) lines.push(`  ${c.name.padEnd(w)}  ${c.summary}`);
  }
  if (command.positionals?.length) {
    lines.push("", "Arguments:");
    for (const p of command.positionals) lines.push(`  ${p.name.padEnd(20)}  ${p.description}`);
  }
  lines.push("", "Options:");
  for (const [name, spec] of Object.entries(flags)) {
    const head = `${spec.short ? `-${spec.short}, ` : "    "}--${name}${spec.arg ? ` ${spec.arg}` : ""}`;
    const def = spec.defaultText !== undefined ? ` (default: ${spec.defaultText})` : "";
    const alias = spec.alias !== undefined ? ` (also --${spec.alias})` : "";
    lines.push(`  ${head.padEnd(26)}  ${spec.description}${def}${alias}`);
  }
  if (command.examples?.length) {
    lines.push("", "Examples:");
    for (const e of command.examples) lines.push(`  ${e}`);
  }
  lines.push("");
  return lines.join("\n");
}
