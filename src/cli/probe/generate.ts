import { UsageError } from "../../contracts/index.ts";
import { modelGenerate } from "../../probe/index.ts";
import { defineCommand } from "../command.ts";
import { flag } from "../flags.ts";
import { printJson } from "../output.ts";
import { BOS_FLAGS, bosChoice, CACHING_FLAG, MODEL_POSITIONAL, modelDir } from "./shared.ts";

export const command = defineCommand({
  name: "generate",
  summary: "Generate text from a prompt with a KV cache (greedy, or sampled with temperature / top-p)",
  description:
    "The prompt is tokenized as the model's tokenizer does (`tokenizer(text)`: its post-processor and\n" +
    "add_bos_token, so BOS for Llama); --bos / --no-bos override. Generation stops at EOS (the ids of\n" +
    "generation_config.json), at BOS for models whose tokenizer starts every text with it (stories260K\n" +
    "separates stories that way), at a --stop string (the text is cut before it) or after --max-tokens.\n" +
    "Greedy by default; --temperature > 0 samples, --top-p keeps the likeliest tokens up to that mass,\n" +
    "--seed makes a sampled run repeatable. --json gives the prompt and new token ids and the text.",
  positionals: [MODEL_POSITIONAL],
  flags: {
    prompt: flag.string({ arg: "TEXT", required: true, description: "The text to continue" }),
    "max-tokens": flag.int({ arg: "N", min: 1, default: 256, description: "Most new tokens" }),
    temperature: flag.number({
      arg: "T",
      min: 0,
      max: 100,
      default: 0,
      description: "0: greedy; above 0: sample",
    }),
    "top-p": flag.number({
      arg: "P",
      positive: true,
      max: 1,
      default: 1,
      description: "Nucleus mass in (0, 1]",
    }),
    seed: flag.int({ arg: "S", min: 0, default: 0, description: "Sampler seed" }),
    stop: flag.repeated({ arg: "STR", description: "Stop string" }),
    ...BOS_FLAGS,
    ...CACHING_FLAG,
  },
  examples: [
    'strata probe generate data/models/stories260K --prompt "Once upon a time" --max-tokens 64',
    'strata probe generate data/models/stories260K --prompt "Lily wanted to" --temperature 0.8 --top-p 0.9 --seed 7 --json',
  ],
  async run(ctx) {
    const f = ctx.flags;
    const prompt = f.prompt;
    const stop = f.stop;
    if (stop.some((s) => s === "")) throw new UsageError("--stop: an empty stop string would stop at once");
    const g = await modelGenerate({
      model: modelDir(ctx),
      prompt,
      maxTokens: f["max-tokens"],
      temperature: f.temperature,
      topP: f["top-p"],
      seed: f.seed,
      stop,
      bos: bosChoice(f),
      load: { caching: f.caching },
    });
    if (ctx.json) {
      printJson(ctx, g);
      return 0;
    }
    const why =
      g.stoppedBy === "max-tokens"
        ? `--max-tokens ${g.ids.length}`
        : g.stoppedBy === "stop-string"
          ? `stop string ${JSON.stringify(g.stop)}`
          : `token ${g.stop}`;
    ctx.stdout.write(`${g.fullText}\n`);
    ctx.stderr.write(
      `(${g.promptIds.length} prompt tokens${g.bos ? " with BOS" : ""}, ${g.ids.length} new; stopped by ${why})\n`,
    );
    return 0;
  },
});
