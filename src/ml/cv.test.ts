import { describe, expect, it } from "vitest";
import { makeFolds } from "./cv.ts";
import { featureMatrix } from "./features.ts";
import { syntheticRecords } from "./testing.ts";

describe("makeFolds", () => {
  const records = syntheticRecords({ bases: 20, perBase: 6 });
  const fm = featureMatrix(records, { target: "mmlu" });
  const input = { n: fm.X.rows, groups: fm.groups, months: fm.months };

  it("random: every row is tested exactly once, folds differ in size by at most one, seeded", () => {
    const folds = makeFolds("random", input, 5, 3);
    const seen = new Int32Array(input.n);
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(input.n);
      for (const i of f.test) seen[i] = (seen[i] as number) + 1;
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(makeFolds("random", input, 5, 3)).toEqual(folds);
    expect(makeFolds("random", input, 5, 4)).not.toEqual(folds);
  });

  it("grouped: no base model has rows on both sides of any fold", () => {
    const folds = makeFolds("grouped", input, 5, 0);
    for (const f of folds) {
      const testGroups = new Set(Array.from(f.test, (i) => fm.groups[i]));
      for (const i of f.train) expect(testGroups.has(fm.groups[i])).toBe(false);
    }
    const tested = folds.reduce((s, f) => s + f.test.length, 0);
    expect(tested).toBe(input.n);
  });

  it("time: every training row is no newer than every test row, training windows expand", () => {
    const folds = makeFolds("time", input, 4, 0);
    let prevTrain = 0;
    for (const f of folds) {
      const newestTrain = Math.max(...Array.from(f.train, (i) => fm.months[i] as number));
      const oldestTest = Math.min(...Array.from(f.test, (i) => fm.months[i] as number));
      expect(newestTrain).toBeLessThanOrEqual(oldestTest);
      expect(f.train.length).toBeGreaterThan(prevTrain);
      prevTrain = f.train.length;
    }
  });

  it("rejects impossible splits with a clear message", () => {
    expect(() => makeFolds("random", { n: 3 }, 5, 0)).toThrow(/cannot make 5 folds from 3 rows/);
    expect(() => makeFolds("random", { n: 30 }, 1, 0)).toThrow(/folds must be an integer >= 2/);
    expect(() => makeFolds("grouped", { n: 10, groups: new Array(10).fill("a") }, 5, 0)).toThrow(
      /only 1 groups/,
    );
  });
});
