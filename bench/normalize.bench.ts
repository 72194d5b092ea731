// Normalizing config.json files: configs per second over all fixtures, many rounds.
// There is no external reference implementation to race; the in-run reference is JSON.parse of the same
// texts, so the ratio says what normalization costs on top of reading the file.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { normalizeConfig } from "../src/configs/index.ts";

const dir = fileURLToPath(new URL("../src/configs/fixtures/", import.meta.url));
const texts = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => ({ file: f, text: readFileSync(`${dir}${f}`, "utf8") }));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2000);

function time(label: string, body: (t: { file: string; text: string }) => unknown): number {
  for (let r = 0; r < 50; r++) for (const t of texts) body(t); // warm-up
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of texts) if (body(t) !== undefined) sink++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const n = ROUNDS * texts.length;
  if (sink !== n) throw new Error(`${label}: lost results`);
  console.log(
    `${label.padEnd(28)} ${(n / seconds).toFixed(0).padStart(9)} configs/s  ${((seconds / n) * 1e6).toFixed(2).padStart(7)} µs/config`,
  );
  return seconds / n;
}

console.log(`${texts.length} fixture configs x ${ROUNDS} rounds`);
const parse = time("JSON.parse (reference)", (t) => JSON.parse(t.text));
const full = time("JSON.parse + normalizeConfig", (t) =>
  normalizeConfig(JSON.parse(t.text), { file: t.file }),
);
const parsed = texts.map((t) => ({ file: t.file, raw: JSON.parse(t.text) as unknown }));
let i = 0;
const norm = time("normalizeConfig only", () => {
  const p = parsed[i++ % parsed.length];
  return p ? normalizeConfig(p.raw, { file: p.file }) : undefined;
});
console.log(
  `ratio parse+normalize / parse: ${(full / parse).toFixed(2)}x; normalize alone / parse: ${(norm / parse).toFixed(2)}x`,
);
