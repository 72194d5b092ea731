import { spawnSync } from "node:child_process";

/**
 * The Python the optional cross-checks run: Debian's, which has python3-sklearn, python3-xgboost and
 * python3-torch (the PATH python may lack them). STRATA_REFERENCE_PYTHON overrides it.
 */
export const REFERENCE_PYTHON = process.env.STRATA_REFERENCE_PYTHON ?? "/usr/bin/python3";

const answers = new Map<string, string | null>();

/**
 * Why REFERENCE_PYTHON cannot import `modules`, or null when it can: the reason a test skips with.
 * Asked once per process for each list.
 */
export function pythonCannotImport(modules: readonly string[]): string | null {
  const key = modules.join(", ");
  const known = answers.get(key);
  if (known !== undefined) return known;
  const r = spawnSync(REFERENCE_PYTHON, ["-c", `import ${key}`], { encoding: "utf8" });
  const reason = r.error
    ? `${REFERENCE_PYTHON} not runnable (${r.error.message})`
    : r.status !== 0
      ? `${REFERENCE_PYTHON} cannot import ${modules.join("/")} (${r.stderr.trim().split("\n").at(-1) ?? ""})`
      : null;
  answers.set(key, reason);
  return reason;
}
