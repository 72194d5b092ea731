import { mkdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { sampleRecords } from "../analysis/index.ts";
import { jsonReplacer, type ModelRecord, type StructureEvidence } from "../contracts/index.ts";
import { attachV2Scores, saveDataset } from "../dataset/index.ts";
import { sampleDataset } from "../dataset/test-records.ts";

import { analyzeReport, resolveSettings } from "../report/index.ts";
import { reportFile } from "./api/read-report.ts";

/** Evidence of the hand-made sample rows (dataset/test-records.ts), as a build would label them. */
const SAMPLE_EVIDENCE: Record<string, StructureEvidence> = {
  "meta-llama/Llama-2-7b-hf": "registry",
  "mistralai/Mistral-7B-v0.1": "registry",
  "mistralai/Mixtral-8x7B-v0.1": "registry",
  "openai-community/gpt2": "config",
  "someorg/llama-2-7b-chat-quantized": "lineage",
  "Qwen/Qwen2.5-0.5B": "registry",
};

/**
 * The dashboard's test dataset: the six hand-made rows of dataset/test-records.ts (real configs and
 * leaderboard scores, one v2 row) plus `generated` seeded rows from analysis/sample-records.ts (real
 * family structures, scores that rise with size), enough for predictScores' forests. Generated fine-tunes
 * and merges are labelled imputed (name+size) from their family's first pretrained row.
 */
export function serveRecords(generated = 160): ModelRecord[] {
  const hand = sampleDataset().records.map((r) => ({ ...r, evidence: SAMPLE_EVIDENCE[r.id] ?? r.evidence }));
  const gen = sampleRecords(generated, 11);
  const baseOf = new Map<string, string>();
  for (const r of gen)
    if (r.kind === "pretrained" && !baseOf.has(r.model_type ?? "")) baseOf.set(r.model_type ?? "", r.id);
  for (const r of gen) {
    const base = baseOf.get(r.model_type ?? "");
    if (r.kind === "pretrained" || base === undefined || base === r.id) {
      r.evidence = "registry";
    } else {
      r.evidence = "name+size";
      r.imputed_from = base;
      r.base_model = base;
      r.impute_confidence = 0.9;
    }
  }
  return [...hand, ...gen];
}

/** Writes the test dataset to `dir` (strata.duckdb), and report/report.json when `report` is set. */
export async function writeServeFixture(
  dir: string,
  opts: { report?: boolean } = {},
): Promise<ModelRecord[]> {
  const records = serveRecords();
  const ds = sampleDataset();
  await saveDataset(dir, { ...ds, records, meta: { ...ds.meta, source: "serve test fixture" } });
  if (opts.report) {
    const data = await analyzeReport(
      { records: attachV2Scores(records, ds.v2), dataDir: dir, imputationChecks: null },
      resolveSettings({
        regressionProtocols: ["random"],
        regressors: ["linear"],
        folds: 3,
        importanceRepeats: 1,
      }),
    );
    mkdirSync(join(dir, "report"), { recursive: true });
    writeFileSync(reportFile(dir), `${JSON.stringify(data, jsonReplacer)}\n`);
  }
  return records;
}

/** A request sent exactly as written (fetch would normalize `/../` away before sending it). */
export function rawGet(
  url: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: "GET", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
