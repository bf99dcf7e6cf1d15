// Serving a finished run's metrics at http://ADDRESS:PORT/metrics, for a Prometheus that
// scrapes meshcheck directly instead of a Pushgateway. Read only; loopback unless
// --metrics-address says otherwise (deliver.ts warns then: there is no authentication).

import { createServer, type Server } from "node:http";
import { BlockList, isIPv6, type AddressInfo } from "node:net";

/** The default: only this host can read the run's results. */
export const DEFAULT_METRICS_ADDRESS = "127.0.0.1";

// 127.0.0.0/8 and ::1; Node's BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1) and
// every spelling of an address, which a string comparison would not.
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** Reachable from this host only. */
export function isLoopback(address: string): boolean {
  return LOOPBACK.check(address, isIPv6(address) ? "ipv6" : "ipv4");
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function serveMetrics(port: number, body: { text: string; contentType: string }, address = DEFAULT_METRICS_ADDRESS): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: meshcheck serves /metrics\n");
    } else if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("method not allowed\n");
    } else {
      res.writeHead(200, { "content-type": body.contentType, "content-length": Buffer.byteLength(body.text) }).end(req.method === "HEAD" ? undefined : body.text);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // The URL names what the socket is bound to, not what was asked for.
  const bound = server.address() as AddressInfo;
  return {
    url: `http://${isIPv6(bound.address) ? `[${bound.address}]` : bound.address}:${bound.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
