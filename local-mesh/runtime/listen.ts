// Loopback listeners that can be closed completely: every accepted socket is tracked so that
// stop() leaves nothing open (node's server.close() alone waits for keep-alive clients).
import type { Server, Socket } from "node:net";

export interface RunningListener {
  /** What this listener is, for addresses and errors (e.g. `gateway`, `workshop-app-v1 inbound`). */
  name: string;
  port: number;
  close(): Promise<void>;
}

/** Bind 127.0.0.1 on `port` (0 = any); a bind failure becomes one clear line. */
export async function listenLoopback(server: Server, name: string, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(new Error(`${name}: cannot listen on 127.0.0.1:${port}: ${err.code ?? err.message}`));
    };
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
  const addr = server.address();
  if (addr === null || typeof addr === "string") throw new Error(`${name}: listener has no TCP address`);
  return addr.port;
}

/** Track the sockets `server` accepts; the returned function destroys them all. */
export function trackSockets(server: Server): () => void {
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  return () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
}

/** Close a server and every socket it accepted. */
export async function closeServer(server: Server, destroyAll: () => void): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  destroyAll();
  await closed;
}
