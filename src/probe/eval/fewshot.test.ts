import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { TaskGroup } from "./data.ts";
import { planFewshot } from "./fewshot.ts";

function findPython(): string | null {
  for (const exe of ["/usr/bin/python3", "python3"]) {
    try {
      execFileSync(exe, ["-c", "import random"], { stdio: "ignore" });
      return exe;
    } catch {}
  }
  return null;
}
const python = findPython();

const group = (
  n: number,
  poolN: number,
  poolMode: TaskGroup<number>["poolMode"],
  samePool = false,
): TaskGroup<number> => {
  const docs = Array.from({ length: n }, (_, i) => i);
  return {
    name: "t",
    docs,
    pool: samePool ? docs : Array.from({ length: poolN }, (_, i) => 1000 + i),
    poolMode,
  };
};

// The harness loop (b281b09 evaluator + Task.fewshot_context), written in Python as the reference.
const harness = (n: number, poolN: number, k: number, limit: number, seed: number, mode: string) => `
import random, json
rnd = random.Random(); rnd.seed(${seed})
docs = list(range(${n})); rnd.shuffle(docs)
pool = docs_sorted = list(range(${n})) if "${mode}" == "sample-excluding" else [1000 + i for i in range(${poolN})]
out = []
for doc in docs[:${limit}]:
    if "${mode}" == "sample":
        shots = rnd.sample(pool, ${k})
    else:
        shots = [x for x in rnd.sample(pool, ${k} + 1) if x != doc][:${k}]
    out.append([doc, shots])
print(json.dumps(out))
`;

describe.skipIf(python === null)(
  "few-shot plan equals the harness's Python loop (skipped without python3)",
  () => {
    it.each([
      [1172, 1119, 25, 30, 42, "sample"],
      [100, 100, 10, 40, 42, "sample-excluding"],
      [1267, 40398, 5, 25, 42, "sample"],
      [1319, 1319, 5, 20, 1234, "sample-excluding"],
    ] as const)("n=%i pool=%i k=%i limit=%i seed=%i %s", (n, poolN, k, limit, seed, mode) => {
      const want = JSON.parse(
        execFileSync(python ?? "python3", ["-c", harness(n, poolN, k, limit, seed, mode)]).toString(),
      );
      const plan = planFewshot(group(n, poolN, mode, mode === "sample-excluding"), k, seed, limit, String);
      expect(plan.map((p) => [p.doc, p.shots])).toEqual(want);
    });
  },
);

describe("few-shot plan", () => {
  it("never gives a doc itself as a shot when the pool is its own split", () => {
    const plan = planFewshot(group(30, 30, "sample-excluding", true), 5, 42, undefined, String);
    expect(plan).toHaveLength(30);
    expect(plan.every((p) => p.shots.length === 5 && !p.shots.includes(p.doc))).toBe(true);
  });
  it("'first' takes the pool in file order; 0 shots draws nothing", () => {
    const plan = planFewshot(group(3, 8, "first"), 5, 42, undefined, String);
    expect(plan[0]?.shots).toEqual([1000, 1001, 1002, 1003, 1004]);
    expect(planFewshot(group(3, 8, "sample"), 0, 42, undefined, String)[0]?.shots).toEqual([]);
  });
  it("refuses more shots than the pool holds", () => {
    expect(() => planFewshot(group(3, 4, "sample"), 5, 42, undefined, String)).toThrow(
      /5 shots need 5 .* the pool has 4/,
    );
  });
});
