import type { TopLevelSpec } from "vega-lite";
import { fmt } from "../format.ts";
import { SCHEMA, THEME, TIP, tipText } from "../specs/theme.ts";
import type { InsideModelData } from "./analyze.ts";

const LOWEST = "#d62728";
const OTHER = "#4c78a8";

/** Block Influence per layer, the lowest-BI layer (the one pruned) in red. */
export function blockInfluenceSpec(bi: InsideModelData["bi"], removed: number): TopLevelSpec {
  const values = bi.layers.map((layer, i) => ({
    layer: String(layer),
    bi: bi.bi[i],
    kind: layer === removed ? "lowest BI (pruned)" : "other layers",
    tip: tipText({
      layer,
      BI: fmt(bi.bi[i] ?? Number.NaN, 4),
      "angular BI": fmt(bi.angular[i] ?? Number.NaN, 4),
    }),
  }));
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text: "Block Influence per layer",
      subtitle: `1 - mean cos(h_i, h_i+1) over ${bi.tokens} tokens`,
    },
    width: 480,
    height: 220,
    data: { values },
    mark: { type: "bar" },
    encoding: {
      x: { field: "layer", type: "ordinal", sort: null, title: "layer", axis: { labelAngle: 0 } },
      y: { field: "bi", type: "quantitative", title: "Block Influence" },
      color: {
        field: "kind",
        type: "nominal",
        title: null,
        scale: { domain: ["lowest BI (pruned)", "other layers"], range: [LOWEST, OTHER] },
        legend: { orient: "top-right" },
      },
      ...TIP,
    },
  };
}

/**
 * Held-out loss without each layer in turn (bars; the lowest-BI layer in red) against the full model's
 * loss (a rule). With no per-layer figures, the two bars "all layers" and "without layer k".
 */
export function pruneLossSpec(prune: InsideModelData["prune"]): TopLevelSpec {
  const rows = prune.perLayer ?? [{ layer: prune.removed, loss: prune.lossAfter }];
  const values = rows.map((r) => ({
    removed: `without ${r.layer}`,
    loss: r.loss,
    kind: r.layer === prune.removed ? "lowest BI" : "other layers",
    tip: tipText({
      "layer removed": r.layer,
      "loss (nats/token)": fmt(r.loss, 4),
      "change vs all layers": fmt(r.loss - prune.lossBefore, 4),
    }),
  }));
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text: "Held-out loss with one layer removed",
      subtitle: `mean next-token loss over ${prune.tokens} tokens; the line is the full model (${fmt(prune.lossBefore, 3)})`,
    },
    width: 480,
    height: 220,
    layer: [
      {
        data: { values },
        mark: { type: "bar" },
        encoding: {
          x: {
            field: "removed",
            type: "ordinal",
            sort: null,
            title: "layer removed",
            axis: { labelAngle: 0 },
          },
          y: { field: "loss", type: "quantitative", title: "loss (nats per token)" },
          color: {
            field: "kind",
            type: "nominal",
            title: null,
            scale: { domain: ["lowest BI", "other layers"], range: [LOWEST, OTHER] },
            legend: { orient: "top-right" },
          },
          ...TIP,
        },
      },
      {
        data: { values: [{ loss: prune.lossBefore }] },
        mark: { type: "rule", color: "#333", strokeDash: [4, 3], aria: false },
        encoding: { y: { field: "loss", type: "quantitative" } },
      },
    ],
  };
}

/** Per-layer gradient nuclear norm of each weight matrix, one panel per task (the study's comparison). */
export function gradientNormSpec(gradients: InsideModelData["gradients"]): TopLevelSpec {
  const values = gradients.flatMap((g) =>
    Object.entries(g.nuclearMean).flatMap(([matrix, per]) =>
      per.map((v, i) => ({
        task: `${g.task} (${g.samples} samples)`,
        layer: g.layers[i],
        matrix,
        nuclear: v,
        tip: tipText({ task: g.task, layer: g.layers[i], matrix, "nuclear norm": fmt(v, 4) }),
      })),
    ),
  );
  return {
    $schema: SCHEMA,
    config: THEME,
    title: {
      text: "Gradient nuclear norm per layer",
      subtitle: "batch 1, loss on the answer tokens, mean over samples",
    },
    data: { values },
    facet: { column: { field: "task", type: "nominal", title: null } },
    spec: {
      width: 260,
      height: 200,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "layer", type: "ordinal", title: "layer", axis: { labelAngle: 0 } },
        y: { field: "nuclear", type: "quantitative", scale: { type: "log" }, title: "nuclear norm (log)" },
        color: {
          field: "matrix",
          type: "nominal",
          title: "matrix",
          sort: ["q", "k", "v", "o", "gate", "up", "down"],
        },
        ...TIP,
      },
    },
  };
}
