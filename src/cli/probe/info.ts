import { resolve } from "node:path";
import type { BackendChoice } from "../../probe/index.ts";
import { probeInfo } from "../../probe/index.ts";
import { defineCommand } from "../command.ts";
import { flag } from "../flags.ts";
import { formatTable, printJson } from "../output.ts";

const BACKENDS = ["auto", "openblas", "typescript"] as const satisfies readonly BackendChoice[];

export const command = defineCommand({
  name: "info",
  summary: "Which dense-math backend probe uses (OpenBLAS or pure TypeScript), and a model's shape",
  description:
    "Without MODEL: the backend, library path and thread count. With MODEL: also its family, sizes,\n" +
    "stored dtypes and size on disk. STRATA_BLAS=/path/libopenblas.so.0 picks the library; STRATA_BLAS=none\n" +
    "forces the TypeScript backend. OPENBLAS_NUM_THREADS sets the thread count.",
  positionals: [{ name: "MODEL", description: "Model folder (Hugging Face layout)" }],
  flags: {
    backend: flag.choice(BACKENDS, { default: "auto", description: "Dense-math backend" }),
  },
  examples: ["strata probe info", "strata probe info ./Qwen2-0.5B --json"],
  run(ctx) {
    const model = ctx.positionals[0];
    const info = probeInfo({
      model: model ? resolve(ctx.cwd, model) : undefined,
      backend: ctx.flags.backend,
    });
    if (ctx.json) {
      printJson(ctx, info);
      return 0;
    }
    const rows: [string, string | number][] = [
      ["backend", info.backend],
      ["library", info.libraryPath ?? "(none: pure TypeScript)"],
      ["threads", info.threads],
    ];
    if (info.config) rows.push(["build", info.config]);
    const m = info.model;
    if (m) {
      rows.push(
        ["model", m.dir],
        ["family", m.family],
        ["layers", m.layers],
        ["d_model / d_ffn", `${m.dModel} / ${m.dFfn}`],
        ["heads / kv heads / head dim", `${m.heads} / ${m.kvHeads} / ${m.headDim}`],
        ["vocab", m.vocabSize],
        ["tied embeddings", String(m.tieWordEmbeddings)],
        ["rope theta", m.ropeTheta],
        ["parameters", m.parameters.toLocaleString("en-US")],
        [
          "dtypes",
          Object.entries(m.dtypes)
            .map(([k, v]) => `${k} x${v}`)
            .join(", "),
        ],
        ["files", `${m.files.length} (${(m.bytesOnDisk / 1024 ** 2).toFixed(1)} MiB)`],
      );
    }
    ctx.stdout.write(`${formatTable(["", "value"], rows, ["left", "left"])}\n`);
    return 0;
  },
});
