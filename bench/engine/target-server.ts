// The fixed fast target of the engine benchmark: plain node http, 200 with a tiny body. Runs in
// its own process so the load generators do not share its event loop. Prints its port.
// `--workers N` serves from N processes (node:cluster, one shared port), so that with a
// multi-core machine the target is less likely to be what limits the rate.
import cluster from "node:cluster";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { workers: { type: "string", default: "1" } } });
const workers = Number(values.workers);

if (workers > 1 && cluster.isPrimary) {
  const forked = Array.from({ length: workers }, () => cluster.fork());
  let listening = 0;
  cluster.on("listening", (_w, address) => {
    if (++listening === workers) process.stdout.write(`${address.port}\n`);
  });
  process.on("SIGTERM", () => {
    for (const w of forked) w.kill("SIGTERM");
    process.exit(0);
  });
} else {
  const BODY = Buffer.from("ok");
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "content-length": BODY.length, "x-version": "v1" });
    res.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    if (cluster.isPrimary) process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
  });
  process.on("SIGTERM", () => {
    // A cluster worker just exits: closing its server would tell the primary over IPC, which
    // has already gone (an unhandled EPIPE on stderr).
    if (cluster.isWorker) process.exit(0);
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
