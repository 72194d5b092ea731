import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ModelError } from "../errors.ts";
import { INDEX_FILE, indexTensors, SINGLE_FILE } from "../model/weights.ts";
import { readTensorBytes, type TensorInfo } from "../safetensors/read.ts";
import { type TensorToWrite, writeSafetensors } from "../safetensors/write.ts";

const LAYER_NAME = /^model\.layers\.(\d+)\.(.+)$/;

export interface PruneResult {
  outDir: string;
  removed: number[];
  originalLayers: number;
  keptLayers: number;
  /** Old layer index of each new layer. */
  kept: number[];
  files: string[];
  /** Config keys whose per-layer lists were filtered (e.g. layer_types). */
  filteredConfigLists: string[];
}

export interface PruneOptions {
  onProgress?: (done: number, total: number) => void;
}

/** Parses "21-29,31" into [21..29, 31]. */
export function parseLayerList(spec: string): number[] {
  const out = new Set<number>();
  for (const part of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new ModelError(`'${part}' is not a layer index or range like 21-29`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new ModelError(`range '${part}' runs backwards`);
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}

/**
 * Writes a copy of the checkpoint in `dir` without the layers in `remove`: later layers are renumbered
 * in tensor names, num_hidden_layers and per-layer config lists (layer_types, ...) are updated, the
 * shard index is rewritten, and every other file (tokenizer, generation config) is copied.
 * Tensors are copied byte for byte in their stored dtype.
 */
export function pruneLayers(
  dir: string,
  remove: number[],
  outDir: string,
  opts: PruneOptions = {},
): PruneResult {
  const configPath = join(dir, "config.json");
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(configPath, "utf8"));
  } catch (err) {
    throw new ModelError(`${configPath}: cannot read config: ${(err as Error).message}`, configPath);
  }
  const L = config.num_hidden_layers;
  if (typeof L !== "number" || !Number.isInteger(L) || L <= 0) {
    throw new ModelError(
      `${configPath}: num_hidden_layers: expected a positive integer`,
      configPath,
      "num_hidden_layers",
    );
  }
  const removed = [...new Set(remove)].sort((a, b) => a - b);
  for (const r of removed) {
    if (!Number.isInteger(r) || r < 0 || r >= L)
      throw new ModelError(`layer ${r} is out of range 0..${L - 1}`);
  }
  if (removed.length === 0) throw new ModelError("no layers to remove");
  if (removed.length >= L) throw new ModelError(`cannot remove all ${L} layers`);
  if (resolve(outDir) === resolve(dir))
    throw new ModelError("the output folder must differ from the model folder");
  checkPruneOutput(outDir);
  const kept = Array.from({ length: L }, (_, i) => i).filter((i) => !removed.includes(i));
  const newIndex = new Map(kept.map((old, i) => [old, i]));
  // Everything is written into a hidden sibling folder renamed into place at the end, so a killed prune
  // leaves no half-written checkpoint at outDir.
  mkdirSync(dirname(outDir), { recursive: true });
  removeStalePartials(outDir);
  const partial = join(dirname(outDir), `${PARTIAL_PREFIX(outDir)}${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  try {
    const written = writePruned(dir, partial, config, L, newIndex, opts);
    checkPruneOutput(outDir);
    if (existsSync(outDir)) rmdirSync(outDir);
    renameSync(partial, outDir);
    return {
      outDir,
      removed,
      originalLayers: L,
      keptLayers: kept.length,
      kept,
      files: written.files,
      filteredConfigLists: written.filteredConfigLists,
    };
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}

/** Writes the kept tensors (renumbered), the index, the config and the other files of `dir` into `outDir`. */
function writePruned(
  dir: string,
  outDir: string,
  config: Record<string, unknown>,
  L: number,
  newIndex: Map<number, number>,
  opts: PruneOptions,
): { files: string[]; filteredConfigLists: string[] } {
  const kept = [...newIndex.keys()];
  const { tensors, files, sharded } = indexTensors(dir);
  const byFile = new Map<string, TensorInfo[]>();
  for (const t of tensors.values()) {
    const f = basename(t.file);
    byFile.set(f, [...(byFile.get(f) ?? []), t]);
  }
  const total = tensors.size;
  let done = 0;
  const weightMap: Record<string, string> = {};
  const written: string[] = [];
  let totalSize = 0;
  for (const f of files) {
    const list = (byFile.get(f) ?? []).sort((a, b) => a.offset - b.offset);
    const out: TensorToWrite[] = [];
    for (const t of list) {
      const m = LAYER_NAME.exec(t.name);
      let name = t.name;
      if (m) {
        const to = newIndex.get(Number(m[1]));
        if (to === undefined) {
          done++;
          continue;
        }
        name = `model.layers.${to}.${m[2]}`;
      }
      out.push({
        name,
        dtype: t.dtype,
        shape: t.shape,
        data: () => {
          const b = readTensorBytes(t);
          opts.onProgress?.(++done, total);
          return b;
        },
      });
      totalSize += t.byteLength;
    }
    if (sharded && out.length === 0) continue;
    const target = sharded ? f : SINGLE_FILE;
    writeSafetensors(join(outDir, target), out, { format: "pt" });
    for (const t of out) weightMap[t.name] = target;
    written.push(target);
  }
  if (sharded) {
    writeFileSync(
      join(outDir, INDEX_FILE),
      `${JSON.stringify({ metadata: { total_size: totalSize }, weight_map: sortKeys(weightMap) }, null, 2)}\n`,
    );
    written.push(INDEX_FILE);
  }
  const filteredConfigLists: string[] = [];
  const newConfig: Record<string, unknown> = { ...config, num_hidden_layers: kept.length };
  for (const [k, v] of Object.entries(config)) {
    if (Array.isArray(v) && v.length === L && k !== "architectures") {
      newConfig[k] = kept.map((i) => v[i]);
      filteredConfigLists.push(k);
    }
  }
  writeFileSync(join(outDir, "config.json"), `${JSON.stringify(newConfig, null, 2)}\n`);
  written.push("config.json");
  for (const f of readdirSync(dir)) {
    if (f.endsWith(".safetensors") || f === INDEX_FILE || f === "config.json") continue;
    const src = join(dir, f);
    if (!statSync(src).isFile()) continue;
    copyFileSync(src, join(outDir, f));
    written.push(f);
  }
  return { files: written, filteredConfigLists };
}

const PARTIAL_PREFIX = (outDir: string) => `.${basename(outDir)}.partial-`;

/** The output folder must be absent or an empty folder (checked before and again after writing). */
export function checkPruneOutput(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory())
    throw new ModelError(`${outDir}: the output path is a file, not a folder`);
  if (readdirSync(outDir).length > 0)
    throw new ModelError(`${outDir}: output folder exists and is not empty`);
}

/** Removes partial folders that earlier prunes into the same output left when they were killed. */
function removeStalePartials(outDir: string): void {
  const parent = dirname(outDir);
  if (!existsSync(parent)) return;
  const prefix = PARTIAL_PREFIX(outDir);
  for (const f of readdirSync(parent)) {
    if (!f.startsWith(prefix)) continue;
    const pid = Number(f.slice(prefix.length));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    rmSync(join(parent, f), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
