// Serving a finished run's metrics at http://127.0.0.1:PORT/metrics, for a Prometheus that
// scrapes meshcheck directly instead of a Pushgateway. Loopback only, read only.

import { createServer, type Server } from "node:http";

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function serveMetrics(port: number, body: { text: string; contentType: string }): Promise<MetricsServer> {
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
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
