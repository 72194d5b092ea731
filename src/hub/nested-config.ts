/** Keys under which multimodal wrappers nest their language model's config. */
export const NESTED_LM_KEYS = ["text_config", "llm_config", "language_config", "text_model_config"] as const;

/** Keys whose presence shows a nested config already carries the language model's dimensions. */
const WIDTH_KEYS = ["hidden_size", "d_model", "n_embd", "hidden_dim", "dim"];

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/**
 * When a multimodal wrapper's nested language-model config only names its base model
 * (e.g. llava's `text_config: { _name_or_path: "lmsys/vicuna-7b-v1.5", model_type: "llama" }`), returns
 * that key and Hub id so the crawler can fetch the base model's config.json; otherwise null.
 */
export function nestedConfigRef(config: Record<string, unknown>): { key: string; id: string } | null {
  for (const key of NESTED_LM_KEYS) {
    const sub = config[key];
    if (!sub || typeof sub !== "object" || Array.isArray(sub)) continue;
    const obj = sub as Record<string, unknown>;
    if (WIDTH_KEYS.some((k) => typeof obj[k] === "number")) return null;
    const name = obj._name_or_path ?? obj.name_or_path;
    if (typeof name === "string" && HUB_ID.test(name)) return { key, id: name };
    return null;
  }
  return null;
}

/** The wrapper config with the fetched base config filled in under `key` (the wrapper's own keys win). */
export function mergeNestedConfig(
  config: Record<string, unknown>,
  key: string,
  base: Record<string, unknown>,
): Record<string, unknown> {
  const sub = (config[key] ?? {}) as Record<string, unknown>;
  return { ...config, [key]: { ...base, ...sub } };
}
