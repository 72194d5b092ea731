import { HttpError } from "./errors.ts";
import { MAX_QUERY_PARAMS } from "./limits.ts";

/**
 * The query string of one request, checked: only the parameters an endpoint knows, each given at most once
 * unless it is a list, values of the expected type and range. Every failure is a 400 naming the parameter.
 */
export class QueryParams {
  private readonly sp: URLSearchParams;

  constructor(sp: URLSearchParams, allowed: readonly string[]) {
    this.sp = sp;
    let n = 0;
    for (const key of sp.keys()) {
      if (++n > MAX_QUERY_PARAMS) throw bad("query", `more than ${MAX_QUERY_PARAMS} query parameters`);
      if (!allowed.includes(key)) {
        throw bad(key, `unknown parameter '${key}'; this endpoint takes: ${allowed.join(", ") || "none"}`);
      }
    }
  }

  /** One value, or undefined when absent; an empty value counts as absent. */
  string(name: string): string | undefined {
    const all = this.sp.getAll(name);
    if (all.length > 1) throw bad(name, `parameter '${name}' given ${all.length} times; give it once`);
    const v = all[0];
    return v === undefined || v === "" ? undefined : v;
  }

  /** Every value of a repeatable parameter, empty ones dropped. */
  list(name: string): string[] {
    return this.sp.getAll(name).filter((v) => v !== "");
  }

  /** A comma-separated list in one parameter (`columns=id,layers`). */
  commaList(name: string): string[] | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    return v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  }

  int(name: string, min: number, max: number, fallback: number): number {
    const v = this.string(name);
    if (v === undefined) return fallback;
    const n = /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw bad(name, `parameter '${name}' must be a whole number from ${min} to ${max}, got '${v}'`);
    }
    return n;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined;
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T;
  oneOf<T extends string>(name: string, values: readonly T[], fallback?: T): T | undefined {
    const v = this.string(name);
    if (v === undefined) return fallback;
    if (!values.includes(v as T)) {
      throw bad(name, `parameter '${name}' must be one of ${values.join(", ")}, got '${v}'`);
    }
    return v as T;
  }

  bool(name: string): boolean {
    const v = this.oneOf(name, ["true", "false", "1", "0"] as const);
    return v === "true" || v === "1";
  }
}

export function bad(param: string, message: string): HttpError {
  return new HttpError(400, message, param);
}
