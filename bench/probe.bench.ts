/**
 * Probe engine vs PyTorch CPU on a random checkpoint shaped like Qwen2-0.5B (24 layers, d 896, ffn 4864,
 * 14 heads, 2 KV heads, vocab 151936, tied; shapes from Qwen/Qwen2-0.5B config.json), stored as BF16.
 * Same weights and tokens for both; PyTorch runs src/probe/reference/model.py with 2 threads.
 *   forward tokens/s, forward+backward tokens/s (CE on the response half; torch autograd computes dW for
 *   the 7 linear matrices, Strata the T x T nuclear-norm factors), and the nuclear-norm step for one
 *   down_proj gradient (896 x 4864) vs torch.linalg.svdvals of the full matrix.
 * Also the forward's achieved GFLOP/s (2 x tokens x every linear weight incl. lm_head, plus causal
 * attention 2 x T^2 x heads x head_dim per layer) next to the sgemm peak measured in the same run
 * (a 2048^3 product on the same backend, best of 3).
 * Run: node --import tsx bench/probe.bench.ts [--tokens 128] [--reps 2]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gradientSpectrum } from "../src/probe/gradients/nuclear.ts";
import { forwardBackward } from "../src/probe/model/backward.ts";
import { loadModel } from "../src/probe/model/model.ts";
import { writeRandomCheckpoint } from "../src/probe/model/random-checkpoint.ts";
import { runReference, torchUnavailableReason } from "../src/probe/reference/run-reference.ts";
import { type Backend, backendInfo } from "../src/probe/tensor/index.ts";
import { QWEN2_05B_SPEC, tokenIds } from "../src/probe/testing/fixtures.ts";

const { values } = parseArgs({
  options: { tokens: { type: "string", default: "128" }, reps: { type: "string", default: "2" } },
});
const T = Number(values.tokens);
const reps = Number(values.reps);
const start = Math.floor(T / 2);
const dir = mkdtempSync(join(tmpdir(), "strata-bench-qwen2-"));
const now = () => performance.now() / 1000;

/** FLOP/s of a 2048 x 2048 x 2048 sgemm on the backend, best of 3 (the ceiling a forward can reach). */
function sgemmPeak(be: Backend): number {
  const n = 2048;
  const a = new Float32Array(n * n).fill(0.5);
  const b = new Float32Array(n * n).fill(0.25);
  const out = new Float32Array(n * n);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const t = now();
    be.gemm(false, true, n, n, n, 1, a, n, b, n, 0, out, n);
    best = Math.min(best, now() - t);
  }
  return (2 * n * n * n) / best;
}

try {
  let t0 = now();
  writeRandomCheckpoint(dir, QWEN2_05B_SPEC);
  console.log(`random Qwen2-0.5B-shaped checkpoint (BF16) written in ${(now() - t0).toFixed(1)} s`);
  const ids = tokenIds(T, QWEN2_05B_SPEC.vocabSize, 5);

  const model = loadModel(dir, { caching: "f32" });
  const info = backendInfo(model.backend);
  console.log(
    `Strata backend: ${info.backend} (${info.libraryPath ?? "pure TS"}, ${info.threads} threads); T = ${T} tokens`,
  );
  const peak = sgemmPeak(model.backend);
  model.forward(ids); // widen weights, warm up
  t0 = now();
  for (let r = 0; r < reps; r++) model.forward(ids);
  const sFwd = (now() - t0) / reps;
  const c = model.config;
  const linear = c.layers * (c.dModel * (2 * c.heads + 2 * c.kvHeads) * c.headDim + 3 * c.dModel * c.dFfn);
  const fwdFlops = 2 * T * (linear + c.vocabSize * c.dModel) + c.layers * 2 * T * T * c.heads * c.headDim;

  const noop = () => {};
  forwardBackward(model, ids, start, noop);
  t0 = now();
  for (let r = 0; r < reps; r++) forwardBackward(model, ids, start, noop);
  const sFb = (now() - t0) / reps;

  let downX: Float32Array | null = null;
  let downDy: Float32Array | null = null;
  t0 = now();
  for (let r = 0; r < reps; r++) {
    forwardBackward(model, ids, start, (g) => {
      gradientSpectrum(model.backend, g.x, g.dy, g.T, g.dIn, g.dOut);
      if (g.layer === 0 && g.matrix === "down") {
        downX = Float32Array.from(g.x);
        downDy = Float32Array.from(g.dy);
      }
    });
  }
  const sFbNuc = (now() - t0) / reps;
  const x = downX as Float32Array | null;
  const dy = downDy as Float32Array | null;
  if (!x || !dy) throw new Error("no down_proj gradient seen");
  const nucReps = 5;
  t0 = now();
  let nuc = 0;
  for (let r = 0; r < nucReps; r++) nuc = gradientSpectrum(model.backend, x, dy, T, 4864, 896).nuclear;
  const sNuc = (now() - t0) / nucReps;
  // Strata's own full-SVD path on the formed gradient, for the same matrix.
  const G = new Float32Array(896 * 4864);
  model.backend.gemm(true, false, 896, 4864, T, 1, dy, 896, x, 4864, 0, G, 4864);
  t0 = now();
  const sv = model.backend.svdvals(G, 896, 4864);
  const sSvdStrata = now() - t0;
  const nucSvd = sv.reduce((a, b) => a + b, 0);

  console.log("\n                              Strata        PyTorch       Strata/PyTorch speed");
  const row = (label: string, s: number, ref: number | null, unit: "tok/s" | "ms") => {
    const a = unit === "tok/s" ? T / s : s * 1000;
    const b = ref === null ? null : unit === "tok/s" ? T / ref : ref * 1000;
    const ratio = ref === null ? "-" : `${(ref / s).toFixed(2)}x`;
    console.log(
      `${label.padEnd(30)}${`${a.toFixed(1)} ${unit}`.padEnd(14)}${(b === null ? "-" : `${b.toFixed(1)} ${unit}`).padEnd(14)}${ratio}`,
    );
  };
  const why = torchUnavailableReason();
  let ref: {
    forward_s: number;
    forward_backward_s: number;
    svdvals_s: number;
    svdvals_all_s: number;
    svdvals_nuclear: number;
  } | null = null;
  if (why) console.log(`(PyTorch column skipped: ${why})`);
  else {
    ref = runReference({
      model: dir,
      ids: Array.from(ids),
      threads: 2,
      bench: { reps, response_start: start },
    });
  }
  row("forward", sFwd, ref?.forward_s ?? null, "tok/s");
  row("forward+backward", sFb, ref?.forward_backward_s ?? null, "tok/s");
  row("forward+backward+nuclear", sFbNuc, ref ? ref.forward_backward_s + ref.svdvals_all_s : null, "tok/s");
  row("nuclear norm, one down_proj", sNuc, ref?.svdvals_s ?? null, "ms");
  console.log(
    `\nnuclear norm of layer-0 down_proj gradient: T x T shortcut ${nuc.toPrecision(6)} vs Strata sgesdd ${nucSvd.toPrecision(6)} (${(sSvdStrata * 1000).toFixed(0)} ms)` +
      (ref ? `; torch svdvals (its own gradient) ${ref.svdvals_nuclear.toPrecision(6)}` : ""),
  );
  console.log(
    "PyTorch forward+backward+nuclear = autograd (dW of the 168 linear weights) + svdvals of all 168 gradients.",
  );
  console.log(
    `forward: ${(fwdFlops / 1e9).toFixed(1)} GFLOP per pass, ${(fwdFlops / sFwd / 1e9).toFixed(1)} GFLOP/s achieved` +
      ` = ${((100 * fwdFlops) / sFwd / peak).toFixed(0)}% of the sgemm peak ${(peak / 1e9).toFixed(1)} GFLOP/s measured now` +
      (ref ? `; PyTorch ${(fwdFlops / ref.forward_s / 1e9).toFixed(1)} GFLOP/s` : ""),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
