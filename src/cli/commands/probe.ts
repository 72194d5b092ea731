import { UsageError } from "../../contracts/index.ts";
import { type Command, defineCommand } from "../command.ts";
import { flag } from "../flags.ts";
import { command as bi } from "../probe/bi.ts";
import { command as evaluate } from "../probe/eval.ts";
import { command as generate } from "../probe/generate.ts";
import { command as grad } from "../probe/grad.ts";
import { command as info } from "../probe/info.ts";
import { command as prune } from "../probe/prune.ts";

/** Each `strata probe <sub>` lives in its own file under cli/probe/ and exports `command`. */
const subcommands: Command[] = [bi, evaluate, generate, grad, info, prune];

export const command = defineCommand({
  name: "probe",
  summary: "Look inside a local checkpoint: Block Influence, pruning, evaluation, gradient norms",
  description:
    "MODEL is a local folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json).\n" +
    "Supported families: llama, mistral, qwen2.",
  subcommands,
  flags: {
    info: flag.boolean({ description: "Same as `strata probe info`: which dense-math backend is in use" }),
  },
  examples: ["strata probe --info", "strata probe bi ./Qwen2-0.5B --tokens 2048", "strata probe info --json"],
  run(ctx) {
    if (ctx.flags.info) return info.run?.({ ...ctx, flags: { ...ctx.flags, backend: "auto" } });
    const names = subcommands.map((c) => c.name).join(", ");
    throw new UsageError(`probe: give a sub-command (${names}) or --info; see 'strata probe --help'`);
  },
});
