import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "bin/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2 cores in CI: keep worker count small so heavy suites do not thrash.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
