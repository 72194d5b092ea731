import { ModelError } from "../errors.ts";
import { KvLayer } from "./kv-cache.ts";
import { layerForwardKv } from "./layer.ts";
import type { Model } from "./model.ts";
import { type Rope, ropeTables } from "./rope.ts";

/** Tokens that follow a shared prefix, and the first of its rows whose logits are wanted. */
export interface Branch {
  ids: Int32Array;
  /** Logits are returned for rows from..ids.length-1 of this branch. */
  from: number;
}

/**
 * Logits of several continuations of one shared prefix (the choices of a multiple-choice item after
 * its few-shot context) in one pass over the weights: layer by layer, the prefix runs once, then each
 * branch attends to the prefix's keys and values and to its own. Each layer's weights are widened once
 * and only one layer's keys and values are held, so a long prefix costs one forward, not one per choice.
 * Equal to running prefix + branch through `forward` for every branch (to float32 rounding).
 */
export function forwardBranches(
  model: Model,
  prefix: Int32Array,
  branches: readonly Branch[],
): Float32Array[] {
  const c = model.config;
  const P = prefix.length;
  for (const [b, br] of branches.entries()) {
    if (br.ids.length === 0) throw new ModelError(`branch ${b} has no tokens`);
    if (!Number.isInteger(br.from) || br.from < 0 || br.from >= br.ids.length) {
      throw new ModelError(`branch ${b}: first logit row ${br.from} must lie in 0..${br.ids.length - 1}`);
    }
    model.checkLength(P + br.ids.length);
  }
  if (P === 0 && branches.length === 0) return [];
  const kd = c.kvHeads * c.headDim;
  let prefixH = P > 0 ? model.embed(prefix) : null;
  const prefixRope = ropeTables(P, c.headDim, c.ropeTheta);
  const hs = branches.map((br) => model.embed(br.ids));
  const ropes = branches.map((br) => ropeTables(br.ids.length, c.headDim, c.ropeTheta, P));
  for (const i of model.activeLayers) {
    const w = model.layer(i);
    const kv = new KvLayer(kd, P + Math.max(1, ...branches.map((b) => b.ids.length)));
    if (prefixH !== null) prefixH = layerForwardKv(model.backend, c, w, prefixH, P, prefixRope, kv);
    branches.forEach((br, b) => {
      hs[b] = layerForwardKv(model.backend, c, w, hs[b] as Float32Array, br.ids.length, ropes[b] as Rope, kv);
      kv.truncate(P);
    });
  }
  return branches.map((br, b) => model.head(hs[b] as Float32Array, br.ids.length, br.from).logits);
}
