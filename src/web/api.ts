/** Typed calls to the server's JSON API (src/server); every request goes to this page's own origin. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as (T & { error?: string; param?: string }) | null;
  if (!res.ok) {
    throw new ApiError(res.status, body?.error ?? `${res.status} ${res.statusText}`, body?.param);
  }
  return body as T;
}

export async function getJson<T>(path: string, params?: URLSearchParams, signal?: AbortSignal): Promise<T> {
  const qs = params?.toString();
  return answer<T>(await fetch(qs ? `${path}?${qs}` : path, signal ? { signal } : {}));
}

export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return answer<T>(
    await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    }),
  );
}

/** A Hub id in a path: each part encoded, the slash between organisation and name kept. */
export function idPath(id: string): string {
  return id.split("/").map(encodeURIComponent).join("/");
}

export const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === "AbortError";
