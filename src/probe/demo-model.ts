import { fileURLToPath } from "node:url";

/**
 * The model shipped with Strata as the default demo: karpathy's stories260K from llama2.c (MIT), a
 * 260K-parameter Llama trained on TinyStories, in Hugging Face layout (see its NOTICE and the README).
 */
export const DEMO_MODEL_DIR = fileURLToPath(new URL("../../data/models/stories260K", import.meta.url));

/** The demo model's folder relative to the repository root, as the README's examples write it. */
export const DEMO_MODEL_PATH = "data/models/stories260K";
