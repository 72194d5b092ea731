import { existsSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { countModels } from "./api/count-models.ts";
import { type ExportFile, exportModels } from "./api/export-models.ts";
import { listModels } from "./api/list-models.ts";
import { datasetMeta } from "./api/meta.ts";
import { modelDetail } from "./api/model-detail.ts";
import type { Predictor } from "./api/predict.ts";
import { type ReportView, reportFile } from "./api/read-report.ts";
import { scatterPoints } from "./api/scatter-points.ts";
import { sizeBins } from "./api/size-bins.ts";
import { HttpError } from "./errors.ts";
import { MAX_BODY_BYTES } from "./limits.ts";
import type { StructureIndex } from "./nearest-structures.ts";
import type { Store } from "./open-store.ts";
import { QueryParams } from "./query-params.ts";
import { readJsonBody } from "./read-body.ts";

/** What the handlers share: the opened dataset and the services built on it at start. */
export interface App {
  store: Store;
  structures: StructureIndex;
  predictor: Predictor;
  readReport: () => Promise<ReportView>;
}

/** A handler's answer: data to send as JSON, or a file to stream (and clean up). */
export type Answer = { json: unknown } | { download: ExportFile };

export interface Route {
  method: "GET" | "POST";
  /** Exact path, or a prefix ending in "/" whose rest is the handler's `rest` argument (decoded). */
  path: string;
  prefix?: boolean;
  /** The dataset does not change while served: a GET answer can be kept and given again. */
  cacheable?: boolean;
  handle(app: App, req: { params: URLSearchParams; rest: string; raw: IncomingMessage }): Promise<Answer>;
}

const json = async (v: unknown | Promise<unknown>): Promise<Answer> => ({ json: await v });
const noParams = (params: URLSearchParams) => new QueryParams(params, []);

/** The JSON API. Every route validates its parameters; see README "strata serve" for the list. */
export const ROUTES: Route[] = [
  {
    method: "GET",
    path: "/api/meta",
    handle: (app, { params }) => {
      noParams(params);
      const file = reportFile(app.store.dataDir);
      return json(datasetMeta(app.store, { file, available: existsSync(file) }));
    },
  },
  {
    method: "GET",
    path: "/api/models",
    cacheable: true,
    handle: (app, { params }) => json(listModels(app.store, params)),
  },
  {
    method: "GET",
    path: "/api/models/",
    prefix: true,
    cacheable: true,
    handle: (app, { params, rest }) => {
      noParams(params);
      if (rest === "") throw new HttpError(400, "give a model id: /api/models/<org>/<name>", "id");
      return json(modelDetail(app.store, app.structures, rest));
    },
  },
  {
    method: "GET",
    path: "/api/counts",
    cacheable: true,
    handle: (app, { params }) => json(countModels(app.store, params)),
  },
  {
    method: "GET",
    path: "/api/scatter",
    cacheable: true,
    handle: (app, { params }) => json(scatterPoints(app.store, params)),
  },
  {
    method: "GET",
    path: "/api/size-bins",
    cacheable: true,
    handle: (app, { params }) => json(sizeBins(app.store, params)),
  },
  {
    method: "GET",
    path: "/api/export",
    handle: async (app, { params }) => ({ download: await exportModels(app.store, params) }),
  },
  {
    method: "GET",
    path: "/api/report",
    handle: (app, { params }) => {
      noParams(params);
      return json(app.readReport());
    },
  },
  {
    // The Predict view calls this when it opens, so the forests are fitted by the time a query comes.
    method: "POST",
    path: "/api/predict/warm",
    handle: (app, { params }) => {
      noParams(params);
      app.predictor.warm();
      return json({ warming: true });
    },
  },
  {
    method: "POST",
    path: "/api/predict",
    handle: async (app, { params, raw }) => {
      noParams(params);
      return json(app.predictor.predict(await readJsonBody(raw, MAX_BODY_BYTES)));
    },
  },
];

/** The route for a method and path, or the methods the path takes (405), or null (404). */
export function findRoute(
  method: string,
  path: string,
): { route: Route; rest: string } | { allow: string[] } | null {
  const matches = ROUTES.map((r) => ({ r, rest: matchPath(r, path) })).filter((m) => m.rest !== null);
  const hit = matches.find((m) => m.r.method === method || (method === "HEAD" && m.r.method === "GET"));
  if (hit) return { route: hit.r, rest: hit.rest ?? "" };
  return matches.length ? { allow: [...new Set(matches.map((m) => m.r.method))] } : null;
}

function matchPath(r: Route, path: string): string | null {
  if (!r.prefix) return path === r.path ? "" : null;
  return path.startsWith(r.path) ? path.slice(r.path.length) : null;
}
