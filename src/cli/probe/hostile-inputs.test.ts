import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_MODEL_DIR } from "../../probe/demo-model.ts";
import { runCli } from "../test-io.ts";

process.env.STRATA_QUIET = "1";
const root = mkdtempSync(join(tmpdir(), "strata-hostile-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file under dir (relative paths) with its size, to see what a failed command left behind. */
function snapshot(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string, rel: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      const r = rel ? `${rel}/${f}` : f;
      if (statSync(p).isDirectory()) {
        out[`${r}/`] = 0;
        walk(p, r);
      } else out[r] = statSync(p).size;
    }
  };
  walk(dir, "");
  return out;
}

interface Case {
  name: string;
  /** Files and folders made in the working directory before the command. */
  setup?: (cwd: string) => void;
  args: string[];
  code: number;
  message: RegExp;
}

const M = DEMO_MODEL_DIR;
const CASES: Case[] = [
  {
    name: "bi --svg into a missing folder fails before computing",
    args: ["probe", "bi", M, "--svg", "nodir/bi.svg"],
    code: 2,
    message: /--svg: folder .*nodir does not exist/,
  },
  {
    name: "grad --svg into a missing folder fails before computing",
    args: ["probe", "grad", M, "--limit", "1", "--svg", "nodir/grad.svg"],
    code: 2,
    message: /--svg: folder .*nodir does not exist/,
  },
  {
    name: "bi --svg naming a folder",
    setup: (cwd) => mkdirSync(join(cwd, "adir")),
    args: ["probe", "bi", M, "--svg", "adir"],
    code: 2,
    message: /--svg: .*adir is a folder; give a file name/,
  },
  {
    name: "prune --out an existing file",
    setup: (cwd) => writeFileSync(join(cwd, "afile"), "keep me"),
    args: ["probe", "prune", M, "--remove", "1", "--out", "afile"],
    code: 2,
    message: /--out: .*afile is a file, not a folder/,
  },
  {
    name: "prune --out a folder that is not empty",
    setup: (cwd) => {
      mkdirSync(join(cwd, "full"));
      writeFileSync(join(cwd, "full", "x"), "1");
    },
    args: ["probe", "prune", M, "--lowest-bi", "1", "--out", "full"],
    code: 2,
    message: /--out: folder .*full exists and is not empty/,
  },
  {
    name: "prune removing every layer",
    args: ["probe", "prune", M, "--remove", "0-4", "--out", "p"],
    code: 2,
    message: /--remove: cannot pick 5 of 5 layers to remove \(at most 4: keep at least one\)/,
  },
  {
    name: "prune --remove that is not a list",
    args: ["probe", "prune", M, "--remove", "x", "--out", "p"],
    code: 2,
    message: /--remove: 'x' is not a layer index or range/,
  },
  {
    name: "prune without --out",
    args: ["probe", "prune", M, "--remove", "1"],
    code: 2,
    message: /--out is required \(--out DIR\)/,
  },
  {
    name: "eval gsm8k --max-gen-tokens 0",
    args: ["probe", "eval", M, "--task", "gsm8k", "--max-gen-tokens", "0"],
    code: 2,
    message: /--max-gen-tokens: expected a whole number >= 1, got '0'/,
  },
  {
    name: "eval an unknown task",
    args: ["probe", "eval", M, "--task", "nosuch"],
    code: 2,
    message: /unknown task 'nosuch'; one of: arc_challenge, hellaswag/,
  },
  {
    name: "eval --limit 0",
    args: ["probe", "eval", M, "--limit", "0"],
    code: 2,
    message: /--limit: expected a whole number >= 1, got '0'/,
  },
  {
    name: "grad --task nosuch is an unknown task, not a file",
    args: ["probe", "grad", M, "--task", "nosuch"],
    code: 2,
    message: /--task: unknown task 'nosuch', one of arc_challenge, truthfulqa, or a JSON Lines file/,
  },
  {
    name: "grad --task naming a missing file",
    args: ["probe", "grad", M, "--task", "missing.jsonl"],
    code: 1,
    message: /missing\.jsonl: cannot read/,
  },
  {
    name: "bi --mark more layers than can be removed",
    args: ["probe", "bi", M, "--mark", "99"],
    code: 2,
    message: /--mark: cannot pick 99 of 5 layers to remove/,
  },
  {
    name: "bi --tokens 0",
    args: ["probe", "bi", M, "--tokens", "0"],
    code: 2,
    message: /--tokens: expected a whole number >= 1, got '0'/,
  },
  {
    name: "bi --bos --no-bos",
    args: ["probe", "bi", M, "--bos", "--no-bos"],
    code: 2,
    message: /--bos and --no-bos contradict each other/,
  },
  {
    name: "bi --caching with an unknown mode",
    args: ["probe", "bi", M, "--caching", "ram"],
    code: 2,
    message: /--caching: expected one of f32, stored, disk, got 'ram'/,
  },
  {
    name: "bi --save into a data dir that is a file",
    setup: (cwd) => writeFileSync(join(cwd, "data"), "x"),
    args: ["probe", "bi", M, "--save", "--data-dir", "data/sub"],
    code: 2,
    message: /cannot write --data-dir \(for --save\) .*data\/sub: .*data is a file, not a folder/,
  },
  {
    name: "bi on a folder that is not a model",
    setup: (cwd) => mkdirSync(join(cwd, "empty")),
    args: ["probe", "bi", "empty"],
    code: 1,
    message: /empty\/config\.json: cannot read config/,
  },
  {
    name: "generate without --prompt",
    args: ["probe", "generate", M],
    code: 2,
    message: /--prompt is required \(--prompt TEXT\)/,
  },
  {
    name: "generate --top-p 0",
    args: ["probe", "generate", M, "--prompt", "Hi", "--top-p", "0"],
    code: 2,
    message: /--top-p: expected a number above 0 and at most 1, got '0'/,
  },
  {
    name: "generate --temperature=-1",
    args: ["probe", "generate", M, "--prompt", "Hi", "--temperature=-1"],
    code: 2,
    message: /--temperature: expected a number from 0 to 100, got '-1'/,
  },
  {
    name: "generate --max-tokens 1.5",
    args: ["probe", "generate", M, "--prompt", "Hi", "--max-tokens", "1.5"],
    code: 2,
    message: /--max-tokens: expected a whole number >= 1, got '1.5'/,
  },
  {
    name: "generate with an empty prompt and --no-bos",
    args: ["probe", "generate", M, "--prompt", "", "--no-bos"],
    code: 1,
    message: /the prompt is empty and the tokenizer adds no BOS/,
  },
  {
    name: "generate --stop ''",
    args: ["probe", "generate", M, "--prompt", "Hi", "--stop", ""],
    code: 2,
    message: /--stop: an empty stop string/,
  },
];

describe("strata probe on hostile input: one line, the documented exit code, nothing left behind", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    const cwd = mkdtempSync(join(root, "case-"));
    c.setup?.(cwd);
    const before = snapshot(cwd);
    const r = await runCli(c.args, cwd);
    expect(r.code, r.stderr).toBe(c.code);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^strata: /);
    expect(lines[0]).toMatch(c.message);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toBe("");
    expect(snapshot(cwd)).toEqual(before);
    if (c.setup && existsSafe(join(cwd, "afile")))
      expect(readFileSync(join(cwd, "afile"), "utf8")).toBe("keep me");
  });
});

function existsSafe(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
