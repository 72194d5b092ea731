import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { StrataError } from "./errors.ts";

/** An output path that cannot be written: named, and said before any work starts. */
export class OutputPathError extends StrataError {
  constructor(
    message: string,
    readonly path: string,
    /** 2 when the path names the wrong kind of thing (a usage error), 1 when the system refuses it. */
    override readonly exitCode: number = 2,
  ) {
    super(message);
  }
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The nearest existing ancestor of `path` (itself included), which must be a folder that can be written. */
function writableAncestor(path: string, what: string): string {
  let existing = dirname(path);
  for (;;) {
    const st = statOrNull(existing);
    if (st) {
      if (!st.isDirectory())
        throw new OutputPathError(`cannot write ${what} ${path}: ${existing} is a file, not a folder`, path);
      break;
    }
    const up = dirname(existing);
    if (up === existing) break;
    existing = up;
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new OutputPathError(`cannot write ${what} ${path}: ${existing} is not writable (${code})`, path, 1);
  }
  return existing;
}

/**
 * Checks that `file` can be written as a file: not an existing folder, not "", under folders that exist or
 * can be made and are writable. Throws OutputPathError naming the path; `what` says what it is for.
 */
export function checkOutputFile(file: string, what = "the output file"): string {
  if (file.trim() === "") throw new OutputPathError(`${what}: the path is empty`, file);
  const path = resolve(file);
  const st = statOrNull(path);
  if (st?.isDirectory()) throw new OutputPathError(`cannot write ${what} ${path}: it is a folder`, path);
  if (st) {
    try {
      accessSync(path, constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new OutputPathError(`cannot write ${what} ${path}: not writable (${code})`, path, 1);
    }
    return path;
  }
  writableAncestor(path, what);
  return path;
}

/** Checks that `dir` is, or can become, a writable folder. Throws OutputPathError naming the path. */
export function checkOutputDir(dir: string, what = "the output folder"): string {
  if (dir.trim() === "") throw new OutputPathError(`${what}: the path is empty`, dir);
  const path = resolve(dir);
  const st = statOrNull(path);
  if (st && !st.isDirectory()) throw new OutputPathError(`cannot write ${what} ${path}: it is a file`, path);
  writableAncestor(st ? `${path}/.` : path, what);
  return path;
}
