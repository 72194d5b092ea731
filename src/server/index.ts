/**
 * server/: the dashboard's loopback HTTP server (`strata serve`): the dataset opened read-only, a JSON
 * API in the dataset's filter language, predictions through ml's predictScores, the report's sections,
 * and the built front end (src/web, bundled into dist/web) served from memory.
 */
export { HttpError, ServeError } from "./errors.ts";
export * from "./limits.ts";
export { IMPUTED_EVIDENCE, SIZE_BINS, TOGGLE_NAMES, TOGGLES } from "./model-selection.ts";
export { openBrowser } from "./open-browser.ts";
export { openStore, type Store } from "./open-store.ts";
export { ROUTES } from "./routes.ts";
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  decodePath,
  isLoopback,
  type RunningServer,
  type ServeOptions,
  startServer,
} from "./start-server.ts";
export { DEFAULT_WEB_DIR } from "./static-files.ts";
