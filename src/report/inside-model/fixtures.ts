import type { InsideModelData } from "./analyze.ts";

/** Fixed inputs for the section's golden specs (hand-written, shaped like stories260K's numbers). */
export function fixtureInsideModel(perLayer = true): InsideModelData {
  const layers = [0, 1, 2, 3];
  const grad = (scale: number) => ({
    q: layers.map((l) => scale * (4 - 0.5 * l)),
    k: layers.map((l) => scale * (7 - l)),
    v: layers.map((l) => scale * (15 - 2 * l)),
    o: layers.map((l) => scale * (12 - 2 * l)),
    gate: layers.map((l) => scale * (16 - l)),
    up: layers.map((l) => scale * (17 - 1.5 * l)),
    down: layers.map((l) => scale * (20 - 3 * l)),
  });
  return {
    model: "/models/tiny",
    bundled: false,
    family: "llama",
    layers: 4,
    parameters: 123456,
    bi: { layers, bi: [0.21, 0.17, 0.12, 0.13], angular: [0.2, 0.18, 0.15, 0.16], tokens: 900, bos: true },
    prune: {
      removed: 2,
      lossBefore: 1.4,
      lossAfter: 2.1,
      tokens: 400,
      perLayer: perLayer
        ? [
            { layer: 0, loss: 5 },
            { layer: 1, loss: 2.4 },
            { layer: 2, loss: 2.1 },
            { layer: 3, loss: 1.9 },
          ]
        : null,
    },
    gradients: [
      { task: "arc_challenge", samples: 20, layers, nuclearMean: grad(1) },
      { task: "truthfulqa", samples: 20, layers, nuclearMean: grad(0.8) },
    ],
    saved: [
      { model: "tiny", kind: "bi", file: "/data/probe/tiny/bi.json", summary: "Block Influence of 4 layers" },
    ],
    seconds: 1,
  };
}
