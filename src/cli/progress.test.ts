import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.ts";
import { Capture } from "./test-io.ts";

describe("progress over a whole job (percent)", () => {
  it("shows the share done and an ETA from the rate so far, not counts of its work units", () => {
    const out = new Capture();
    let t = 0;
    const p = createProgress("report", undefined, { stream: out, intervalMs: 0, now: () => t });
    p.percent?.();
    t = 10_000;
    // 20,000 of 80,000 estimated milliseconds of work done in 10 s: 30 s to go at that rate.
    p.update(20_000, 80_000);
    p.note("regression (random CV)");
    t = 40_000;
    p.update(80_000, 80_000);
    p.done();
    const lines = out.text.trim().split("\n");
    expect(lines[0]).toBe("report 25% ETA 30s (10s elapsed)");
    expect(lines[1]).toBe("report 25% ETA 30s (10s elapsed) regression (random CV)");
    expect(lines.at(-1)).toBe("report done: 40s");
  });
});
