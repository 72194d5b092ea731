import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { PyRandom } from "./py-random.ts";

// Any CPython 3 has the random module: /usr/bin/python3 (no pyenv shim to start) or python3 on PATH.
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
const runPy = (code: string): unknown =>
  JSON.parse(execFileSync(python ?? "python3", ["-c", code]).toString());

describe.skipIf(python === null)("PyRandom equals CPython's random.Random (skipped without python3)", () => {
  it("random(), getrandbits and randbelow for several seeds", () => {
    const seeds = [0, 1, 42, 1234, 2 ** 32 + 7, -5];
    const py = runPy(
      `import random, json\nout=[]\nfor s in ${JSON.stringify(seeds)}:\n r=random.Random(s)\n out.append([r.random(), r.getrandbits(32), r.getrandbits(7), r.randrange(1000), r.randrange(7473)])\nprint(json.dumps(out))`,
    ) as number[][];
    seeds.forEach((s, i) => {
      const r = new PyRandom(s);
      expect([r.random(), r.getrandbits(32), r.getrandbits(7), r.randbelow(1000), r.randbelow(7473)]).toEqual(
        py[i],
      );
    });
  });

  it("shuffle then sample from small and large populations, as the harness does", () => {
    const cases: [number, number, number][] = [
      [42, 1172, 25],
      [42, 100, 26],
      [1234, 7473, 5],
      [7, 10, 5],
      [3, 40398, 5],
      [42, 21, 6],
    ];
    for (const [seed, n, k] of cases) {
      const py = runPy(
        `import random, json\nr=random.Random(${seed})\nd=list(range(${n}))\nr.shuffle(d)\nout=[d[:20]]\nfor _ in range(4): out.append(r.sample(range(${n}), ${k}))\nprint(json.dumps(out))`,
      ) as number[][];
      const r = new PyRandom(seed);
      const d = Array.from({ length: n }, (_, i) => i);
      r.shuffle(d);
      const ours: number[][] = [d.slice(0, 20)];
      const pop = Array.from({ length: n }, (_, i) => i);
      for (let t = 0; t < 4; t++) ours.push(r.sample(pop, k));
      expect(ours).toEqual(py);
    }
  });
});

describe("PyRandom without python", () => {
  it("rejects impossible samples", () => {
    expect(() => new PyRandom(1).sample([1, 2], 3)).toThrow(/larger than population/);
  });
  it("is deterministic per seed and differs across seeds", () => {
    const a = new PyRandom(42).sample([...Array(100).keys()], 10);
    expect(new PyRandom(42).sample([...Array(100).keys()], 10)).toEqual(a);
    expect(new PyRandom(43).sample([...Array(100).keys()], 10)).not.toEqual(a);
  });
});
