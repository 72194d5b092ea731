import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeFolds } from "../cv.ts";
import { FitCache } from "../fit-cache.ts";
import { take, takeRows } from "../matrix.ts";
import { friedman1 } from "../synthetic.ts";
import type { Matrix, MatrixRegressorName } from "../types.ts";
import { createTaskRunner } from "./runner.ts";
import { fitKey, taskKey } from "./task-key.ts";
import { runTask, type Task, type TaskResult } from "./tasks.ts";

const root = mkdtempSync(join(tmpdir(), "strata-runner-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const { X, y } = friedman1(240, 6, 1, 5);
const folds = makeFolds("random", { n: X.rows }, 3, 7);

function fitTasks(regressors: readonly MatrixRegressorName[], yy: Float64Array = y, seed = 7): Task[] {
  return regressors.flatMap((regressor) =>
    folds.map(
      (f): Task => ({
        kind: "fit-predict",
        regressor,
        seed,
        X: takeRows(X, f.train),
        y: take(yy, f.train),
        Xtest: takeRows(X, f.test),
      }),
    ),
  );
}

const preds = (rs: TaskResult[]) => rs.map((r) => (r.kind === "fit-predict" ? Array.from(r.pred) : []));
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));

describe("task keys", () => {
  const base = fitTasks(["rf"])[0] as Extract<Task, { kind: "fit-predict" }>;
  const copy = (m: Matrix): Matrix => ({ ...m, data: Float64Array.from(m.data) });
  it("are equal for equal content in other arrays", () => {
    expect(taskKey({ ...base, X: copy(base.X), y: Float64Array.from(base.y) })).toBe(taskKey(base));
  });
  it("change with any training or test value, the seed, the regressor or the shape", () => {
    const k = taskKey(base);
    const X2 = copy(base.X);
    X2.data[17] = (X2.data[17] as number) + 1e-12;
    const y2 = Float64Array.from(base.y);
    y2[0] = (y2[0] as number) + 1;
    const Xt = copy(base.Xtest);
    Xt.data[3] = -(Xt.data[3] as number);
    const others: Task[] = [
      { ...base, X: X2 },
      { ...base, y: y2 },
      { ...base, Xtest: Xt },
      { ...base, seed: 8 },
      { ...base, regressor: "tree" },
      { ...base, X: { data: base.X.data, rows: base.X.cols, cols: base.X.rows } },
    ];
    const keys = new Set([k, ...others.map(taskKey)]);
    expect(keys.size).toBe(others.length + 1);
  });
});

describe("task runner", () => {
  const regs: MatrixRegressorName[] = ["rf", "linear", "knn", "mlp"];

  it("refits nothing on a second run with the same cache, and returns the same predictions", async () => {
    const dir = join(root, "same");
    const first = createTaskRunner({ workers: 1, cache: new FitCache(dir) });
    const a = await first.run(fitTasks(regs));
    expect(first.stats).toEqual({ computed: 12, cached: 0, shared: 0, corrupt: 0 });
    expect(files(dir)).toHaveLength(12);
    const second = createTaskRunner({ workers: 1, cache: new FitCache(dir) });
    const b = await second.run(fitTasks(regs));
    expect(second.stats).toEqual({ computed: 0, cached: 12, shared: 0, corrupt: 0 });
    expect(preds(b)).toEqual(preds(a));
    // And they are what fitting gives.
    expect(preds(b)).toEqual(preds(fitTasks(regs).map(runTask)));
  });

  it("refits what changed: another target value, another seed", async () => {
    const dir = join(root, "changed");
    await createTaskRunner({ workers: 1, cache: new FitCache(dir) }).run(fitTasks(["rf", "linear"]));
    const y2 = Float64Array.from(y);
    y2[folds[0]?.train[0] as number] = 100; // a training row of fold 0: its two tasks change, the rest not
    const r = createTaskRunner({ workers: 1, cache: new FitCache(dir) });
    await r.run(fitTasks(["rf", "linear"], y2));
    const trainedOnIt = folds.filter((f) =>
      Array.from(f.train).includes(folds[0]?.train[0] as number),
    ).length;
    expect(r.stats.computed).toBe(2 * trainedOnIt);
    expect(r.stats.cached).toBe(6 - 2 * trainedOnIt);
    const s = createTaskRunner({ workers: 1, cache: new FitCache(dir) });
    await s.run(fitTasks(["rf"], y, 8));
    expect(s.stats).toEqual({ computed: 3, cached: 0, shared: 0, corrupt: 0 });
  });

  it("refits a corrupt entry or one of the wrong shape instead of trusting it", async () => {
    const dir = join(root, "corrupt");
    const tasks = fitTasks(["linear"]);
    const fresh = await createTaskRunner({ workers: 1, cache: new FitCache(dir) }).run(tasks);
    const k0 = taskKey(tasks[0] as Task) as string;
    writeFileSync(join(dir, k0.slice(0, 2), `${k0}.json`), '{"format":"strata-fit-cache/1","key":');
    // A well-formed entry under task 1's key holding a prediction of the wrong length.
    new FitCache(dir).put(taskKey(tasks[1] as Task) as string, {
      kind: "fit-predict",
      pred: new Float64Array(3),
      ms: 1,
    });
    const r = createTaskRunner({ workers: 1, cache: new FitCache(dir) });
    const again = await r.run(tasks);
    expect(r.stats).toEqual({ computed: 2, cached: 1, shared: 0, corrupt: 2 });
    expect(preds(again)).toEqual(preds(fresh));
    // The refits replaced the bad entries.
    const t = createTaskRunner({ workers: 1, cache: new FitCache(dir) });
    await t.run(tasks);
    expect(t.stats.cached).toBe(3);
  });

  it("without reading the cache (--no-cache) refits everything and stores the new results", async () => {
    const dir = join(root, "nocache");
    const tasks = fitTasks(["linear"]);
    await createTaskRunner({ workers: 1, cache: new FitCache(dir) }).run(tasks);
    const before = files(dir).map((f) => statSync(join(dir, f)).mtimeMs);
    await new Promise((r) => setTimeout(r, 20));
    const r = createTaskRunner({ workers: 1, cache: new FitCache(dir), readCache: false });
    await r.run(tasks);
    expect(r.stats).toEqual({ computed: 3, cached: 0, shared: 0, corrupt: 0 });
    const after = files(dir).map((f) => statSync(join(dir, f)).mtimeMs);
    after.forEach((m, i) => {
      expect(m).toBeGreaterThan(before[i] as number);
    });
  });

  it("fits identical tasks once, and a permutation task's forest answers its fold's fit", async () => {
    const r = createTaskRunner({ workers: 1 });
    const tasks = fitTasks(["knn"]);
    const twice = await r.run([...tasks, ...tasks]);
    expect(r.stats).toEqual({ computed: 3, cached: 0, shared: 3, corrupt: 0 });
    expect(preds(twice.slice(3))).toEqual(preds(twice.slice(0, 3)));
    const f = folds[1] as { train: Int32Array; test: Int32Array };
    const perm: Task = {
      kind: "permutation",
      seed: 7,
      X: takeRows(X, f.train),
      y: take(y, f.train),
      Xtest: takeRows(X, f.test),
      ytest: take(y, f.test),
      repeats: 1,
    };
    await r.run([perm]);
    const [fit] = await r.run([fitTasks(["rf"])[1] as Task]);
    expect(r.stats.computed).toBe(4);
    expect(r.stats.shared).toBe(4);
    expect(preds([fit as TaskResult])).toEqual(preds([runTask(fitTasks(["rf"])[1] as Task)]));
    expect(fitKey("rf", 7, perm.X, perm.y, perm.Xtest)).toBe(taskKey(fitTasks(["rf"])[1] as Task));
  });

  it("runs on worker threads that stay up between runs", async () => {
    const r = createTaskRunner({ workers: 2 });
    try {
      const tasks = fitTasks(["rf", "svr"]);
      const a = await r.run(tasks);
      const b = await r.run(fitTasks(["knn"]));
      expect(preds(a)).toEqual(preds(tasks.map(runTask)));
      expect(b).toHaveLength(3);
    } finally {
      await r.close();
    }
  });
});
