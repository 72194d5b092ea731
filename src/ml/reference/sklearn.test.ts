import { describe, expect, it } from "vitest";
import { applyScaler, fitScaler } from "../matrix.ts";
import { mean, r2Score } from "../metrics.ts";
import { MLPRegressor } from "../models/mlp.ts";
import { SVR } from "../models/svr.ts";
import { getRegressor, REGRESSORS } from "../registry.ts";
import { friedman1, repeatedRows } from "../synthetic.ts";
import type { RegressorName } from "../types.ts";
import { referenceUnavailable, runMlpTrace, runReference } from "./python.ts";

const missing = referenceUnavailable();
if (missing) console.warn(`skipping scikit-learn cross-checks: ${missing}`);

/** Deterministic regressors whose predictions must equal sklearn's (relative tolerance), not just R^2. */
const EXACT: Partial<Record<RegressorName, number>> = {
  linear: 1e-8,
  ridge: 1e-8,
  lasso: 1e-4,
  knn: 1e-9,
  svr: 1e-6,
};

/**
 * Seed-dependent regressors are compared on R^2 averaged over five seeds on each side (the two sides
 * cannot share a random stream): the forest's bootstraps and the tree's
 * tie-breaking between features that split a small node equally well.
 */
const SEEDED: readonly RegressorName[] = ["rf", "tree"];
const SEEDS = [0, 1, 2, 3, 4];

/**
 * The MLP's held-out R^2 varies by about 0.04 (sd) across seeds at n = 600 on either side (measured
 * over 6 seeds: ours 0.842 +- 0.045, sklearn 0.808 +- 0.037, a difference of 1.4 standard errors), so a
 * few seeds cannot resolve 0.02 and its R^2 is not compared here. Its arithmetic is checked exactly
 * instead (same init, same batches: same loss curve and predictions as sklearn), and the bench compares
 * its R^2 on the real dataset.
 */
const SKIP_R2: readonly RegressorName[] = ["mlp"];

describe.skipIf(missing !== null)("against scikit-learn 1.2 / xgboost 1.7 on the same arrays", () => {
  const train = friedman1(600, 8, 1, 21);
  const test = friedman1(250, 8, 1, 22);
  const names = REGRESSORS.map((r) => r.name);
  const ref =
    missing === null
      ? SEEDS.map((s) => runReference(train.X, train.y, test.X, s === 0 ? names : SEEDED, s))
      : [];

  for (const spec of REGRESSORS) {
    const seeded = SEEDED.includes(spec.name);
    if (SKIP_R2.includes(spec.name)) continue;
    const within = 0.02;
    const seeds = seeded ? SEEDS : [0];
    it(`${spec.name}: held-out R^2 within ${within} of the reference${EXACT[spec.name] ? ", same predictions" : ""}${seeded ? ` (mean of ${seeds.length} seeds)` : ""}`, () => {
      const ours = seeds.map((s) =>
        getRegressor(spec.name).create({ seed: s }).fit(train.X, train.y).predict(test.X),
      );
      const theirs = seeds.map((_, i) => ref[i]?.[spec.name]?.pred ?? new Float64Array(0));
      const a = mean(ours.map((p) => r2Score(test.y, p)));
      const b = mean(theirs.map((p) => r2Score(test.y, p)));
      expect(Math.abs(a - b)).toBeLessThanOrEqual(within);
      const tol = EXACT[spec.name];
      if (tol !== undefined) {
        const o = ours[0] as Float64Array;
        const t = theirs[0] as Float64Array;
        let worst = 0;
        for (let i = 0; i < o.length; i++) {
          worst = Math.max(
            worst,
            Math.abs((o[i] as number) - (t[i] as number)) / Math.max(1, Math.abs(t[i] as number)),
          );
        }
        expect(worst).toBeLessThanOrEqual(tol);
      }
    });
  }

  it("gradient boosting: the same trees up to ties (>= 90% of held-out predictions identical)", () => {
    // Both grow depth-3 trees on the same residuals; they differ only where two splits fit the training
    // rows equally well (a leaf isolating one row that is extreme on two columns) and each side picks
    // another one, which moves some held-out rows.
    const o = getRegressor("gb").create().fit(train.X, train.y).predict(test.X);
    const t = ref[0]?.gb?.pred ?? new Float64Array(0);
    let same = 0;
    for (let i = 0; i < o.length; i++) if (Math.abs((o[i] as number) - (t[i] as number)) < 1e-8) same++;
    expect(same / o.length).toBeGreaterThanOrEqual(0.9);
  });

  it("MLP: from sklearn's initial weights without shuffling, the same loss curve and predictions", () => {
    const Z = applyScaler(train.X, fitScaler(train.X));
    const trace = runMlpTrace(Z, train.y, 10);
    const m = new MLPRegressor({
      standardize: false,
      shuffle: false,
      maxIter: 10,
      init: { W: trace.W, b: trace.b },
    });
    m.fit(Z, train.y);
    expect(m.lossCurve.length).toBe(trace.lossCurve.length);
    m.lossCurve.forEach((l, i) => {
      expect(Math.abs(l - (trace.lossCurve[i] as number)) / (trace.lossCurve[i] as number)).toBeLessThan(
        1e-9,
      );
    });
    const pred = m.predict(Z);
    for (let i = 0; i < pred.length; i++) expect(pred[i]).toBeCloseTo(trace.pred[i] as number, 8);
  });
});

describe.skipIf(missing !== null)("SVR against scikit-learn's libsvm, iteration for iteration", () => {
  const cases = [
    { name: "Friedman #1", train: friedman1(600, 8, 1, 21), test: friedman1(250, 8, 1, 22) },
    // Repeated rows: the solver shares kernel rows and gradient updates between them.
    { name: "repeated rows", train: repeatedRows(2400, 300, 5), test: repeatedRows(300, 300, 6) },
  ];
  for (const c of cases) {
    it(`${c.name}: the same number of solver iterations and the same predictions`, () => {
      const ref = runReference(c.train.X, c.train.y, c.test.X, ["svr"]).svr;
      const m = new SVR().fit(c.train.X, c.train.y);
      expect(m.iterations).toBe(ref?.iterations);
      const ours = m.predict(c.test.X);
      const theirs = ref?.pred ?? new Float64Array(0);
      expect(ours.length).toBe(theirs.length);
      for (let i = 0; i < ours.length; i++)
        expect(Math.abs((ours[i] as number) - (theirs[i] as number))).toBeLessThan(
          1e-6 * Math.max(1, Math.abs(theirs[i] as number)),
        );
    });
  }
});
