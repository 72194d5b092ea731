import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { V1_BENCHMARKS } from "../contracts/index.ts";
import { FitCache } from "./fit-cache.ts";
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
    // linear fits; a 2-step fold of 1 text is 1/4000 of the default's (2,000 x 4).
    const foldMs = estimatedLlmFoldMs({ steps: 2, batch: 1 });
    expect(foldMs).toBeCloseTo(estimatedLlmFoldMs() / 4000, 6);
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

  it("keeps each fold in the results cache: a rerun reads the same R^2 back, a corrupt entry is refit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-llm-cache-"));
    try {
      const run = async (steps = 2) => {
        const runner = createTaskRunner({ workers: 1, cache: new FitCache(dir) });
        const t = await runRegressionTable(records, {
          runner,
          protocol: "random",
          regressors: ["llm"],
          folds: 2,
          seed: 1,
          llm: { steps, batch: 1, limit: 3 },
        });
        await runner.close();
        return { t, stats: { ...runner.stats } };
      };
      const first = await run();
      expect(first.stats).toMatchObject({ computed: 2, cached: 0 });
      const again = await run();
      expect(again.stats).toMatchObject({ computed: 0, cached: 2, corrupt: 0 });
      expect(again.t.cells).toEqual(first.t.cells);
      expect(again.t.warnings).toEqual(first.t.warnings);
      const entries = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) =>
        f.endsWith(".json"),
      );
      expect(entries).toHaveLength(2);
      // Other settings are another fit.
      expect((await run(3)).stats).toMatchObject({ computed: 2, cached: 0 });
      // A damaged entry is never trusted.
      writeFileSync(join(dir, entries[0] as string), "{ not json");
      const healed = await run();
      expect(healed.stats.corrupt).toBe(1);
      expect(healed.stats.computed).toBe(1);
      // The refit fold gives the same predictions (only its fitting time differs).
      const noMs = (cells: typeof first.t.cells) => cells.map(({ ms: _ms, ...c }) => c);
      expect(noMs(healed.t.cells)).toEqual(noMs(first.t.cells));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
