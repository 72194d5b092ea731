import { describe, expect, it } from "vitest";
import { formatTable, printJson } from "./output.ts";
import { createProgress } from "./progress.ts";
import { Capture, runCli } from "./test-io.ts";

describe("strata CLI dispatcher", () => {
  it("lists every command file with its summary", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Commands:");
    expect(r.stdout).toMatch(/probe\s+Look inside a local checkpoint/);
  });

  it("exits 2 with a one-line message for an unknown command, without a stack trace", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "strata: unknown command 'frobnicate'. Run 'strata --help' for the list of commands.\n",
    );
  });

  it("rejects unknown flags with exit 2 and names the flag", async () => {
    const r = await runCli(["probe", "--no-such-flag"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--no-such-flag");
  });

  it("shows sub-command help and rejects an unknown sub-command", async () => {
    const help = await runCli(["probe", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Sub-commands:");
    const none = await runCli(["probe"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("give a sub-command (bi, eval, generate, grad, info, prune) or --info");
    const bad = await runCli(["probe", "nonsense"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown sub-command 'nonsense'");
  });
});

describe("strata probe --info", () => {
  it("reports the dense-math backend as strata probe info does", async () => {
    const r = await runCli(["probe", "--info", "--json"]);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as { backend: string; threads: number };
    expect(["openblas", "typescript"]).toContain(info.backend);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    const sub = await runCli(["probe", "info", "--json"]);
    expect(JSON.parse(sub.stdout)).toEqual(info);
  });
});

describe("output helpers", () => {
  it("aligns a table: numbers right, text left, null as a dash", () => {
    const t = formatTable(
      ["model", "layers"],
      [
        ["llama", 32],
        ["bloom-176b", null],
      ],
    );
    expect(t.split("\n")).toEqual([
      "model       layers",
      "----------  ------",
      "llama           32",
      "bloom-176b       -",
    ]);
  });

  it("prints NaN, Infinity and typed arrays as valid JSON", () => {
    const out = new Capture();
    printJson({ stdout: out }, { a: Number.NaN, b: new Float64Array([1, 2]), c: Number.POSITIVE_INFINITY });
    expect(JSON.parse(out.text)).toEqual({ a: null, b: [1, 2], c: null });
  });
});

describe("progress", () => {
  it("prints periodic plain lines off a TTY with count, rate and ETA", () => {
    const out = new Capture();
    let t = 0;
    const p = createProgress("fetch", 100, { stream: out, intervalMs: 1000, now: () => t });
    t = 500;
    p.tick(10); // within the interval: nothing printed
    t = 2000;
    p.tick(30); // 40 done in 2 s: 20/s, 60 left -> 3 s
    p.done();
    const lines = out.text.trim().split("\n");
    expect(lines[0]).toBe("fetch 40/100 40% 20.0/s ETA 3.0s");
    expect(lines.at(-1)).toBe("fetch done: 40 in 2.0s");
  });

  it("does not repeat the last line when done follows an update at the same count", () => {
    const out = new Capture();
    let t = 0;
    const p = createProgress("fit", 6, { stream: out, intervalMs: 0, now: () => t });
    t = 1000;
    p.update(6);
    p.done();
    expect(out.text).toBe("fit 6/6 100% 6.00/s ETA 0.0s\nfit done: 6 in 1.0s\n");
  });

  it("is silent when asked", () => {
    const out = new Capture();
    const p = createProgress("x", 3, { stream: out, silent: true });
    p.tick();
    p.done();
    expect(out.text).toBe("");
  });
});
