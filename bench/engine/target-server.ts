// The fixed fast target of the engine benchmark: plain node http, 200 with a tiny body. Runs in
// its own process so the load generators do not share its event loop. Prints its port.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const BODY = Buffer.from("ok");
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain", "content-length": BODY.length, "x-version": "v1" });
  res.end(BODY);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
