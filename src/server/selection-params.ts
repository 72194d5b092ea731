/**
 * The query parameters of a model selection, shared by the server (model-selection.ts) and the page
 * (src/web), which imports this file: keep it free of imports.
 */
export const SELECTION_PARAMS = ["q", "where", "size", "moe", "merged", "flagged", "imputed"] as const;
export const TOGGLE_STATES = ["only", "hide"] as const;
export type ToggleState = (typeof TOGGLE_STATES)[number];
