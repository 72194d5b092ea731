import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveHubToken, resolveHubUrl } from "./token.ts";

describe("Hub token and endpoint", () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), "strata-home-"));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it("looks where huggingface_hub looks: HF_TOKEN, HF_TOKEN_PATH, HF_HOME/token, ~/.cache/huggingface/token", () => {
    expect(resolveHubToken({}, home)).toBeNull();
    const dflt = join(home, ".cache", "huggingface");
    mkdirSync(dflt, { recursive: true });
    writeFileSync(join(dflt, "token"), "hf_default\n");
    expect(resolveHubToken({}, home)).toBe("hf_default");
    mkdirSync(join(home, "hfhome"), { recursive: true });
    writeFileSync(join(home, "hfhome", "token"), "hf_home");
    expect(resolveHubToken({ HF_HOME: join(home, "hfhome") }, home)).toBe("hf_home");
    writeFileSync(join(home, "tok"), "  hf_path  ");
    expect(resolveHubToken({ HF_HOME: join(home, "hfhome"), HF_TOKEN_PATH: join(home, "tok") }, home)).toBe(
      "hf_path",
    );
    expect(resolveHubToken({ HF_TOKEN: "hf_env", HF_TOKEN_PATH: join(home, "tok") }, home)).toBe("hf_env");
  });

  it("takes --hub-url, then HF_ENDPOINT, then the public Hub", () => {
    expect(resolveHubUrl(undefined, {})).toBe("https://huggingface.co");
    expect(resolveHubUrl(undefined, { HF_ENDPOINT: "https://hf-mirror.com/" })).toBe("https://hf-mirror.com");
    expect(resolveHubUrl("http://127.0.0.1:9", { HF_ENDPOINT: "https://hf-mirror.com" })).toBe(
      "http://127.0.0.1:9",
    );
  });
});
