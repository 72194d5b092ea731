import type { IncomingMessage } from "node:http";
import { HttpError } from "./errors.ts";

/**
 * Reads a JSON request body of at most `maxBytes`: 415 when it is not declared JSON, 413 as soon as the
 * declared or received size passes the limit (without reading further), 400 when it does not parse.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, `the body must be JSON (Content-Type: application/json), got '${type}'`, "body");
  }
  const tooLarge = () =>
    new HttpError(413, `the body is larger than ${maxBytes.toLocaleString("en-US")} bytes`, "body", {
      Connection: "close",
    });
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `the body is not valid JSON: ${(err as Error).message}`, "body");
  }
}
