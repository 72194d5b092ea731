import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_MODEL_DIR } from "../demo-model.ts";
import { pruneLayers } from "./prune-layers.ts";

const root = mkdtempSync(join(tmpdir(), "strata-prune-atomic-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const PRUNE = fileURLToPath(new URL("./prune-layers.ts", import.meta.url));

describe("prune writes its output atomically", () => {
  it("a prune that fails mid-write leaves neither the output nor a partial folder", () => {
    const out = join(root, "failed");
    expect(() =>
      pruneLayers(DEMO_MODEL_DIR, [1], out, {
        onProgress: (done) => {
          if (done >= 5) throw new Error("disk full");
        },
      }),
    ).toThrow(/disk full/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root).filter((f) => f.includes("failed"))).toEqual([]);
  });

  it("a prune killed mid-write leaves the output path absent, and a rerun succeeds and clears the partial", async () => {
    const out = join(root, "killed");
    const marker = join(root, "writing");
    // The child stops inside the tensor writes (after the partial folder exists) until it is killed.
    const script = `
      import { writeFileSync } from "node:fs";
      import { pruneLayers } from ${JSON.stringify(PRUNE)};
      pruneLayers(${JSON.stringify(DEMO_MODEL_DIR)}, [2], ${JSON.stringify(out)}, {
        onProgress: (done) => {
          if (done >= 10) {
            writeFileSync(${JSON.stringify(marker)}, "1");
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
          }
        },
      });`;
    const file = join(root, "child.mts");
    writeFileSync(file, script);
    const child = spawn(process.execPath, ["--import", "tsx", file], { stdio: "ignore" });
    const exited = new Promise((r) => child.on("exit", r));
    for (let i = 0; i < 300 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(marker)).toBe(true);
    expect(readdirSync(root).some((f) => f.startsWith(".killed.partial-"))).toBe(true);
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(out)).toBe(false);
    const r = pruneLayers(DEMO_MODEL_DIR, [2], out);
    expect(r.keptLayers).toBe(4);
    expect(existsSync(join(out, "model.safetensors"))).toBe(true);
    expect(readdirSync(root).filter((f) => f.includes("partial"))).toEqual([]);
  }, 30_000);
});
