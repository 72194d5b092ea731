import { UsageError } from "../../errors.ts";
import { modelGenerate } from "../../probe/generate/run-generate.ts";
import type { Command } from "../command.ts";
import { printJson } from "../output.ts";
import {
  BOS_FLAGS,
  bosFlag,
  CACHING_FLAG,
  cachingFlag,
  MODEL_POSITIONAL,
  modelDir,
  nonNegativeInt,
  numberIn,
  positiveInt,
} from "./shared.ts";

export const command: Command = {
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
    prompt: { type: "string", arg: "TEXT", description: "The text to continue (required)" },
    "max-tokens": { type: "string", arg: "N", default: "256", description: "Most new tokens" },
    temperature: { type: "string", arg: "T", default: "0", description: "0: greedy; above 0: sample" },
    "top-p": { type: "string", arg: "P", default: "1", description: "Nucleus mass in (0, 1]" },
    seed: { type: "string", arg: "S", default: "0", description: "Sampler seed" },
    stop: { type: "string", arg: "STR", multiple: true, description: "Stop string (repeatable)" },
    ...BOS_FLAGS,
    ...CACHING_FLAG,
  },
  examples: [
    'strata probe generate data/models/stories260K --prompt "Once upon a time" --max-tokens 64',
    'strata probe generate data/models/stories260K --prompt "Lily wanted to" --temperature 0.8 --top-p 0.9 --seed 7 --json',
  ],
  async run(ctx) {
    const prompt = ctx.flags.prompt;
    if (typeof prompt !== "string") throw new UsageError("probe generate: --prompt TEXT is required");
    const stop = (ctx.flags.stop ?? []) as string[];
    if (stop.some((s) => s === "")) throw new UsageError("--stop: an empty stop string would stop at once");
    const g = await modelGenerate({
      model: modelDir(ctx),
      prompt,
      maxTokens: positiveInt(ctx.flags["max-tokens"], "--max-tokens"),
      temperature: numberIn(ctx.flags.temperature, "--temperature", 0, 100),
      topP: numberIn(ctx.flags["top-p"], "--top-p", 0, 1, true),
      seed: nonNegativeInt(ctx.flags.seed, "--seed"),
      stop,
      bos: bosFlag(ctx),
      load: { caching: cachingFlag(ctx) },
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
};
