import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WEB_DIR } from "../../server/index.ts";
import { writeServeFixture } from "../../server/test-fixture.ts";
import { runCli } from "../test-io.ts";

const BIN = fileURLToPath(new URL("../../../bin/strata.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "strata-serve-cli-"));
const children: ChildProcess[] = [];

beforeAll(async () => {
  await writeServeFixture(join(dir, "data"));
});

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `strata serve` as a real process and resolves with what it printed first on stdout. */
function serve(args: string[]): Promise<{ child: ChildProcess; first: string; stderr: () => string }> {
  const child = spawn(
    process.execPath,
    [BIN, "serve", "--port", "0", "--data-dir", join(dir, "data"), ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  let out = "";
  let err = "";
  child.stderr?.on("data", (c: Buffer) => {
    err += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      if (/\}\n$|to stop\)\n$/.test(out)) resolve({ child, first: out, stderr: () => err });
    });
    child.once("exit", (code) => reject(new Error(`serve exited ${code} before starting: ${err}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

describe("strata serve", () => {
  it("exits 1 naming the missing dataset and how to build it", async () => {
    const r = await runCli(["serve", "--data-dir", join(dir, "nothing"), "--port", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(dir, "nothing", "strata.duckdb"));
    expect(r.stderr).toContain("strata build");
  });

  it("exits 2 for a bad port", async () => {
    for (const port of ["http", "-1", "70000"]) {
      const r = await runCli(["serve", "--port", port]);
      expect(r.code, port).toBe(2);
      expect(r.stderr).toContain("--port");
    }
  });

  it("prints its help", async () => {
    const r = await runCli(["serve", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--host");
    expect(r.stdout).toContain("--open");
  });

  describe("as a process (the front end built by npm ci: `npm run build:web`)", () => {
    it("finds the built front end", () => {
      expect(
        existsSync(join(DEFAULT_WEB_DIR, "index.html")),
        `${DEFAULT_WEB_DIR}: run npm run build:web`,
      ).toBe(true);
    });

    it("prints one JSON document with its URL, answers, and exits 0 on SIGTERM", async () => {
      const { child, first } = await serve(["--json"]);
      const info = JSON.parse(first) as { url: string; host: string; models: number; warnings: string[] };
      expect(info.host).toBe("127.0.0.1");
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(info.warnings).toEqual([]);
      const meta = (await (await fetch(new URL("/api/meta", info.url))).json()) as {
        dataset: { models: number };
      };
      expect(meta.dataset.models).toBe(info.models);
      expect((await fetch(info.url)).status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited(child)).toBe(0);
    }, 60_000);

    it("prints the URL as text and stops cleanly on SIGINT", async () => {
      const { child, first, stderr } = await serve([]);
      expect(first).toMatch(
        /^serving \d+ models from .*\(read-only\)\nhttp:\/\/127\.0\.0\.1:\d+\/\n\(Ctrl-C to stop\)\n$/,
      );
      child.kill("SIGINT");
      expect(await exited(child)).toBe(0);
      expect(stderr()).toContain("stopped (SIGINT)");
    }, 60_000);
  });
});
