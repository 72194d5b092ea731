import type { Command } from "../command.ts";

/** One command of the table: its name and summary for `strata --help`, and how to load it. */
export interface CommandEntry {
  name: string;
  summary: string;
  /** Imports the command's module: only the command that runs is loaded (a fast start). */
  load(): Promise<Command>;
}

/**
 * Every top-level command, in help order. Summaries live here so `strata --help` loads no command; the
 * CLI test checks each loaded command carries the same name and summary.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "build",
    summary: "Build the dataset from the bundled leaderboard exports (offline)",
    load: async () => (await import("./build.ts")).command,
  },
  {
    name: "collect",
    summary: "Crawl the Hugging Face Hub (configs, safetensors sizes, leaderboard results) into the dataset",
    load: async () => (await import("./collect.ts")).command,
  },
  {
    name: "config",
    summary: "Normalize a Hugging Face config.json into Strata's structure (with provenance)",
    load: async () => (await import("./config.ts")).command,
  },
  {
    name: "export",
    summary: "Write the dataset as Parquet, CSV or JSON",
    load: async () => (await import("./export.ts")).command,
  },
  {
    name: "models",
    summary: "List models of the dataset, filtered and sorted",
    load: async () => (await import("./models.ts")).command,
  },
  {
    name: "predict",
    summary:
      "Predict the six leaderboard v1 scores of a model from its config, with intervals and neighbours",
    load: async () => (await import("./predict.ts")).command,
  },
  {
    name: "probe",
    summary: "Look inside a local checkpoint: Block Influence, pruning, evaluation, gradient norms",
    load: async () => (await import("./probe.ts")).command,
  },
  {
    name: "regress",
    summary: "Cross-validated R^2 of ten regressors predicting each benchmark from structure, size and date",
    load: async () => (await import("./regress.ts")).command,
  },
  {
    name: "report",
    summary: "Write the HTML report (figures as SVG/PNG, numbers as report.json) from the built dataset",
    load: async () => (await import("./report.ts")).command,
  },
  {
    name: "serve",
    summary:
      "Start the interactive explorer (models, model pages, compare, explore, predict, findings) on loopback",
    load: async () => (await import("./serve.ts")).command,
  },
  {
    name: "start",
    summary: "Build the dataset from the bundled data, then write the report (what `npm start` runs)",
    load: async () => (await import("./start.ts")).command,
  },
  {
    name: "stats",
    summary: "Table 1: summary statistics of the dataset's structural columns",
    load: async () => (await import("./stats.ts")).command,
  },
];
