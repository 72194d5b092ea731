import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * A reference file from the team's shared folder, which sits beside the repository (`../shared/...`) on
 * development machines and in CI but not in a user's clone. Resolved from the repository root, not the
 * working directory; null (and one line on stderr saying why the tests that need it skip) when absent.
 */
export function sharedFixture(relative: string, needs: string): string | null {
  const file = fileURLToPath(new URL(`../../shared/${relative}`, import.meta.url));
  if (existsSync(file)) return file;
  console.warn(
    `skipping ${needs}: ${file} is absent (the ../shared reference folder is not beside the repo)`,
  );
  return null;
}
