import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Public Hub endpoint, used when neither --hub-url nor HF_ENDPOINT is set. */
export const DEFAULT_HUB_URL = "https://huggingface.co";

type Env = Record<string, string | undefined>;

/**
 * The Hub access token the way huggingface_hub finds it: HF_TOKEN, else the token file at
 * HF_TOKEN_PATH, else $HF_HOME/token, else ~/.cache/huggingface/token (honouring XDG_CACHE_HOME).
 * Returns null when there is none (anonymous access, lower rate limits).
 */
export function resolveHubToken(env: Env = process.env, home: string = homedir()): string | null {
  const direct = env.HF_TOKEN?.trim();
  if (direct) return direct;
  const hfHome = env.HF_HOME ?? join(env.XDG_CACHE_HOME ?? join(home, ".cache"), "huggingface");
  const file = env.HF_TOKEN_PATH ?? join(hfHome, "token");
  try {
    const text = readFileSync(file, "utf8").trim();
    return text.length > 0 ? text : null;
  } catch {
    return null;
  }
}

/** --hub-url wins, then HF_ENDPOINT, then the public Hub; a trailing slash is dropped. */
export function resolveHubUrl(flag: string | undefined, env: Env = process.env): string {
  const url = flag ?? env.HF_ENDPOINT ?? DEFAULT_HUB_URL;
  return url.replace(/\/+$/, "");
}
