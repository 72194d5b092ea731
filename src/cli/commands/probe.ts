import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UsageError } from "../../errors.ts";
import type { Command } from "../command.ts";

// Each `strata probe <sub>` lives in its own file under cli/probe/ and exports `command`.
const dir = fileURLToPath(new URL("../probe/", import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
  .map((f) => f.slice(0, -3))
  .sort();
const subcommands: Command[] = [];
for (const f of files) {
  const mod = (await import(`../probe/${f}.ts`)) as { command?: Command };
  if (mod.command) subcommands.push(mod.command);
}

export const command: Command = {
  name: "probe",
  summary: "Look inside a local checkpoint: Block Influence, pruning, evaluation, gradient norms",
  description:
    "MODEL is a local folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json).\n" +
    "Supported families: llama, mistral, qwen2.",
  subcommands,
  flags: {
    info: { type: "boolean", description: "Same as `strata probe info`: which dense-math backend is in use" },
  },
  examples: ["strata probe --info", "strata probe bi ./Qwen2-0.5B --tokens 2048", "strata probe info --json"],
  run(ctx) {
    const info = subcommands.find((c) => c.name === "info");
    if (ctx.flags.info === true && info?.run) {
      return info.run({ ...ctx, flags: { backend: "auto", ...ctx.flags } });
    }
    const names = subcommands.map((c) => c.name).join(", ");
    throw new UsageError(`probe: give a sub-command (${names}) or --info; see 'strata probe --help'`);
  },
};
