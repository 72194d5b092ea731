import { relative, resolve } from "node:path";
import { readModelConfig } from "../../configs/index.ts";
import { STRUCTURE_KEYS } from "../../contracts/index.ts";
import { defineCommand } from "../command.ts";
import { formatTable, printJson } from "../output.ts";

export const command = defineCommand({
  name: "config",
  summary: "Normalize a Hugging Face config.json into Strata's structure (with provenance)",
  description:
    "PATH is a config.json or a model folder holding one. Prints each structure key with its value,\n" +
    "where it came from (config, computed, imputed, estimated, hub) and the raw config key it was read\n" +
    "from, then any warnings (implausible values are set to null and listed). With safetensors weights in\n" +
    "the folder, params_b is the exact count from their headers instead of the estimate.",
  positionals: [{ name: "path", description: "config.json or model folder", required: true }],
  examples: [
    "strata config ./Llama-2-7b-hf",
    "strata config src/configs/fixtures/falcon-40b.json",
    "strata config ./my-model/config.json --json",
  ],
  async run(ctx) {
    const path = resolve(ctx.cwd, ctx.positionals[0] ?? "");
    const { file, normalized } = await readModelConfig(path);
    if (ctx.json) {
      printJson(ctx, { file, ...normalized });
      return 0;
    }
    const { structure, provenance, sources, warnings } = normalized;
    const rows = STRUCTURE_KEYS.map((k) => {
      const v = structure[k];
      return [k, v === null ? null : String(v), provenance[k] ?? null, sources[k] ?? null];
    });
    ctx.stdout.write(
      `${relative(ctx.cwd, file) || file}\n${formatTable(["key", "value", "provenance", "source"], rows)}\n`,
    );
    if (warnings.length === 0) ctx.stdout.write("no warnings\n");
    else {
      ctx.stdout.write(`${warnings.length} warning${warnings.length === 1 ? "" : "s"}:\n`);
      for (const w of warnings) ctx.stdout.write(`  ${w.field}: ${w.message}\n`);
    }
    return 0;
  },
});
