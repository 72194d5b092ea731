import { describe, expect, it } from "vitest";
import { r2Score } from "../metrics.ts";
import { REGRESSORS } from "../registry.ts";
import { friedman1, linearData } from "../synthetic.ts";
import type { Matrix } from "../types.ts";
import { GradientBoostingRegressor, XGBoostRegressor } from "./boosting.ts";
import { DecisionTreeRegressor } from "./decision-tree.ts";
import { KNeighborsRegressor } from "./knn.ts";
import { Lasso, LinearRegression, Ridge } from "./linear.ts";
import { RandomForestRegressor } from "./random-forest.ts";

const W = [3, -2, 0.5, 0, 7];

describe("linear models", () => {
  it("OLS recovers the exact coefficients of noise-free linear data", () => {
    const { X, y } = linearData(200, W, 4);
    const m = new LinearRegression().fit(X, y);
    W.forEach((w, j) => {
      expect(m.coef[j]).toBeCloseTo(w, 9);
    });
    expect(m.intercept).toBeCloseTo(4, 9);
  });

  it("OLS on rank-deficient data (duplicated column) still predicts exactly", () => {
    const { X, y } = linearData(100, [1, 2], 0);
    const dup = new Float64Array(100 * 3);
    for (let i = 0; i < 100; i++) {
      dup[i * 3] = X.data[i * 2] as number;
      dup[i * 3 + 1] = X.data[i * 2 + 1] as number;
      dup[i * 3 + 2] = X.data[i * 2] as number;
    }
    const Xd = { data: dup, rows: 100, cols: 3 };
    const pred = new LinearRegression().fit(Xd, y).predict(Xd);
    for (let i = 0; i < 100; i++) expect(pred[i]).toBeCloseTo(y[i] as number, 8);
  });

  it("Ridge solves (Xc'Xc + alpha I) w = Xc'yc (checked through its normal equations)", () => {
    const { X, y } = linearData(60, W, 1, 0.5, 3);
    const alpha = 5;
    const m = new Ridge(alpha).fit(X, y);
    // Gradient of ||yc - Xc w||^2 + alpha ||w||^2 must vanish: Xc'(yc - Xc w) = alpha w.
    const { rows: n, cols: p, data } = X;
    const xm = new Float64Array(p);
    let ym = 0;
    for (let i = 0; i < n; i++) {
      ym += (y[i] as number) / n;
      for (let j = 0; j < p; j++) xm[j] = (xm[j] as number) + (data[i * p + j] as number) / n;
    }
    for (let j = 0; j < p; j++) {
      let g = 0;
      for (let i = 0; i < n; i++) {
        let r = (y[i] as number) - ym;
        for (let k = 0; k < p; k++)
          r -= (m.coef[k] as number) * ((data[i * p + k] as number) - (xm[k] as number));
        g += ((data[i * p + j] as number) - (xm[j] as number)) * r;
      }
      expect(g).toBeCloseTo(alpha * (m.coef[j] as number), 8);
    }
    // Shrinkage: the penalized coefficients are smaller in norm than OLS's.
    const ols = new LinearRegression().fit(X, y);
    const norm = (v: Float64Array) => Math.hypot(...v);
    expect(norm(m.coef)).toBeLessThan(norm(ols.coef));
  });

  it("Lasso meets the KKT conditions of (1/2n)||y - Xw||^2 + alpha ||w||_1 and zeroes the null coefficient", () => {
    const { X, y } = linearData(300, W, 2, 0.1, 5);
    const alpha = 0.1;
    const m = new Lasso(alpha, 10_000, 1e-10).fit(X, y);
    const { rows: n, cols: p, data } = X;
    const pred = m.predict(X);
    for (let j = 0; j < p; j++) {
      let xm = 0;
      for (let i = 0; i < n; i++) xm += (data[i * p + j] as number) / n;
      let g = 0;
      for (let i = 0; i < n; i++)
        g += ((data[i * p + j] as number) - xm) * ((y[i] as number) - (pred[i] as number));
      g /= n;
      const w = m.coef[j] as number;
      if (w !== 0) expect(g).toBeCloseTo(alpha * Math.sign(w), 6);
      else expect(Math.abs(g)).toBeLessThanOrEqual(alpha + 1e-9);
    }
    expect(m.coef[3]).toBe(0);
    // Each non-null coefficient is shrunk towards 0 by about alpha (near-orthogonal design).
    expect(Math.abs((m.coef[0] as number) - 2.9)).toBeLessThan(0.05);
  });
});

/** Two steps: y = 10 [x0 > 0.5] + 5 [x1 > 0.3]; a third column is noise. */
function stepData(n: number, seed: number): { X: Matrix; y: Float64Array } {
  const { X } = friedman1(n, 5, 0, seed);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++)
    y[i] = ((X.data[i * 5] as number) > 0.5 ? 10 : 0) + ((X.data[i * 5 + 1] as number) > 0.3 ? 5 : 0);
  return { X, y };
}

describe("trees", () => {
  it("a decision tree learns a step function exactly, with 3 splits and importances on the two step columns", () => {
    const train = stepData(400, 1);
    const test = stepData(200, 2);
    const m = new DecisionTreeRegressor().fit(train.X, train.y);
    const pred = m.predict(test.X);
    let wrong = 0;
    for (let i = 0; i < 200; i++) if (pred[i] !== test.y[i]) wrong++;
    // Only test points falling between the training points closest to a step can land on the other side.
    expect(wrong).toBeLessThanOrEqual(3);
    const imp = m.featureImportances();
    expect((imp[0] as number) + (imp[1] as number)).toBeCloseTo(1, 12);
    expect(imp[0] as number).toBeGreaterThan(imp[1] as number);
  });

  it("depth-limited boosting and xgboost-style trees fit a step function", () => {
    const train = stepData(400, 3);
    const test = stepData(200, 4);
    expect(
      r2Score(test.y, new GradientBoostingRegressor().fit(train.X, train.y).predict(test.X)),
    ).toBeGreaterThan(0.97);
    expect(r2Score(test.y, new XGBoostRegressor().fit(train.X, train.y).predict(test.X))).toBeGreaterThan(
      0.97,
    );
  });

  it("a random forest is reproducible for a seed and different across seeds", () => {
    const { X, y } = friedman1(200, 5, 1, 7);
    const a = new RandomForestRegressor({ seed: 1, nEstimators: 10 }).fit(X, y).predict(X);
    const b = new RandomForestRegressor({ seed: 1, nEstimators: 10 }).fit(X, y).predict(X);
    const c = new RandomForestRegressor({ seed: 2, nEstimators: 10 }).fit(X, y).predict(X);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it("kNN with k = 1 returns the training target of an exact match", () => {
    const { X, y } = friedman1(50, 5, 1, 8);
    const pred = new KNeighborsRegressor(1).fit(X, y).predict(X);
    expect(Array.from(pred)).toEqual(Array.from(y));
  });
});

describe("every registered regressor on Friedman #1", () => {
  // R^2 floors for n = 600 training rows, 10 columns (5 informative), noise sd 1.
  const floors: Record<string, number> = {
    rf: 0.8,
    linear: 0.65,
    ridge: 0.65,
    lasso: 0.65,
    tree: 0.5,
    svr: 0.7,
    knn: 0.45,
    gb: 0.85,
    xgb: 0.8,
    // max_iter 100 as the study's Table 5: scikit-learn's MLPRegressor with the same settings reaches
    // 0.68-0.73 on these arrays over seeds 0-4 (0.77-0.81 with its default of 200 epochs).
    mlp: 0.65,
  };
  const train = friedman1(600, 10, 1, 11);
  const test = friedman1(300, 10, 1, 12);
  for (const spec of REGRESSORS) {
    it(`${spec.name} (${spec.label}) reaches R^2 >= ${floors[spec.name]}`, () => {
      const r2 = r2Score(test.y, spec.create({ seed: 0 }).fit(train.X, train.y).predict(test.X));
      expect(r2).toBeGreaterThanOrEqual(floors[spec.name] as number);
      expect(r2).toBeLessThan(1);
    });
  }
});
