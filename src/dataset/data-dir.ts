import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DatasetError } from "./errors.ts";

/**
 * Checks, before any long work, that `dir` is or can become a writable folder: it is a folder, or its
 * nearest existing ancestor is a writable folder. Throws DatasetError naming the path at fault.
 */
export function checkDatasetDir(dir: string): void {
  const target = resolve(dir);
  let existing = target;
  for (;;) {
    const st = statOrNull(existing);
    if (st) {
      if (!st.isDirectory()) {
        throw new DatasetError(
          existing === target
            ? `dataset folder ${target} is a file, not a folder`
            : `cannot create dataset folder ${target}: ${existing} is a file, not a folder`,
          target,
        );
      }
      break;
    }
    const up = dirname(existing);
    if (up === existing) break;
    existing = up;
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch (err) {
    throw new DatasetError(
      `cannot write the dataset into ${target}: ${existing} is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      target,
    );
  }
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
