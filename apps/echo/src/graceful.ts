// Graceful close of an http.Server: stop accepting, let in-flight requests finish within a
// grace bound, then destroy whatever is left so close() always returns.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export async function closeGracefully(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  // close() stops accepting; the callback fires once every connection has ended.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(deadline);
  }
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
