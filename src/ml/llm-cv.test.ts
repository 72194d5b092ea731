import { describe, expect, it } from "vitest";
import { V1_BENCHMARKS } from "../contracts/index.ts";
import { estimatedLlmFoldMs } from "./llm-cv.ts";
import { createTaskRunner } from "./parallel/runner.ts";
import { runRegressionTable } from "./regression-table.ts";
import { syntheticRecords } from "./testing.ts";

describe("the LLM regressor in the regression table", () => {
  const records = syntheticRecords({ bases: 6, perBase: 4, seed: 3 });

  it("runs on the same folds as the matrix regressors, one model per fold for the six scores", async () => {
    const notes: string[] = [];
    let credited = 0;
    const runner = createTaskRunner({
      workers: 1,
      onTask: (ms, how) => {
        if (how === "computed") credited += ms;
      },
    });
    const t = await runRegressionTable(records, {
      runner,
      protocol: "random",
      regressors: ["linear", "llm"],
      folds: 2,
      seed: 1,
      llm: { steps: 2, batch: 1, limit: 3 },
      onProgress: (_d, _t, note) => {
        if (note) notes.push(note);
      },
    });
    await runner.close();
    expect(t.regressors).toEqual(["linear", "llm"]);
    // A job's progress counts the LLM's two folds (one model each) at their planned cost, besides the
    // linear fits; a 2-step fold is 1/2000 of the default's.
    const foldMs = estimatedLlmFoldMs({ steps: 2, batch: 1 });
    expect(foldMs).toBeCloseTo((2 * 336_000) / 2000, 6);
    expect(credited).toBeGreaterThanOrEqual(2 * foldMs - 1e-6);
    expect(credited).toBeLessThan(2 * foldMs + 100);
    const llm = t.cells.filter((c) => c.regressor === "llm");
    expect(llm.map((c) => c.target)).toEqual([...V1_BENCHMARKS]);
    for (const c of llm) {
      expect(c.folds).toHaveLength(2);
      expect(c.folds.every(Number.isFinite)).toBe(true);
      expect(c.n).toBe(t.cells.find((x) => x.regressor === "linear" && x.target === c.target)?.n);
      // The six cells share one model per fold, so one fitting time.
      expect(c.ms).toBe(llm[0]?.ms);
    }
    expect(t.warnings).toContain("llm fold 1: R^2 on 3 of 12 held-out rows (limit)");
    expect(notes.some((n) => /^llm fold 2\/2: step 2\/2, loss \d/.test(n))).toBe(true);
    // Two steps teach the bundled model nothing: its answers are unreadable and count as the training mean.
    expect(
      t.warnings.some((w) => /answers had an unreadable score .* counted as the training mean/.test(w)),
    ).toBe(true);
  });

  it("refuses leaderboard v2 targets", async () => {
    await expect(
      runRegressionTable(records, { protocol: "random", targets: ["ifeval"], regressors: ["llm"], folds: 2 }),
    ).rejects.toThrow(/six leaderboard v1 scores; it cannot target ifeval/);
  });
});
