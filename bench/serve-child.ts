/**
 * A server for the serve bench, in its own process so the load generator does not share its event loop:
 * `strata` mode runs startServer (SERVE_CACHE=0 turns the answer cache off), `bare` mode a plain
 * node:http server that answers every request with the same JSON body of SERVE_BODY_BYTES bytes
 * (the HTTP floor). Prints one line of JSON with the URL, then serves until SIGTERM.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startServer } from "../src/server/index.ts";

const [mode = "strata", dataDir = "strata-data"] = process.argv.slice(2);
if (mode === "bare") {
  const body = Buffer.from(
    JSON.stringify({ pad: "x".repeat(Number(process.env.SERVE_BODY_BYTES ?? 20_000)) }),
  );
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(body.length) });
    res.end(body);
  });
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(
      `${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })}\n`,
    );
  });
  process.once("SIGTERM", () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
} else {
  const s = await startServer({ dataDir, port: 0, cache: process.env.SERVE_CACHE !== "0" });
  process.stdout.write(`${JSON.stringify({ url: s.url })}\n`);
  process.once("SIGTERM", () => {
    s.close().then(() => process.exit(0));
  });
}
