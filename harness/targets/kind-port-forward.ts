// A local port that tunnels each accepted connection to a pod's port through the API server's
// port-forward websocket (client-node's PortForward, as `kubectl port-forward` does). Listens
// on 127.0.0.1 only: the forwarders send traffic with mesh identities and must not be reachable
// from the network. A failing tunnel destroys only its own connection, which the harness sees
// as a reset and classifies; it never takes the process down.
import { createServer, type Server, type Socket } from "node:net";
import { Writable } from "node:stream";
import { PortForward, type KubeConfig } from "@kubernetes/client-node";

/** The slice of the `ws` WebSocket that client-node hands back (the project has no @types/ws). */
interface Tunnel {
  readyState: number;
  on(event: "close", listener: () => void): void;
  on(event: "error", listener: (err: Error) => void): void;
  close(): void;
  terminate(): void;
}

export interface PodTarget {
  namespace: string;
  port: number;
  /** A ready pod to forward to; called again after a tunnel could not be opened (the pod may be gone). */
  pod(): Promise<string>;
  /** Forget the pod `pod()` returned: the next connection looks for a ready one again. */
  forgetPod(): void;
}

export interface LocalForward {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Stops listening and cuts every open tunnel. */
  close(): Promise<void>;
}

const WS_CLOSED = 3;

export async function forwardLocalPort(kc: KubeConfig, target: PodTarget, openTimeoutMs: number): Promise<LocalForward> {
  const forward = new PortForward(kc);
  const open = new Set<{ socket: Socket; tunnel?: Tunnel }>();
  let closing = false;

  const tunnel = async (socket: Socket) => {
    const conn: { socket: Socket; tunnel?: Tunnel } = { socket };
    open.add(conn);
    let failed = false;
    const fail = (why: Error) => {
      failed = true;
      socket.destroy(why);
    };
    socket.on("error", () => {}); // the peer sees the reset; the process must not see an unhandled 'error'
    socket.once("close", () => {
      open.delete(conn);
      if (conn.tunnel && conn.tunnel.readyState !== WS_CLOSED) conn.tunnel.close();
    });
    // Channel 1 carries the kubelet's complaint (e.g. nothing listens on the port) before it hangs up.
    const errors = new Writable({
      write(chunk: Buffer, _enc, done) {
        if (chunk.length > 0) {
          target.forgetPod();
          fail(new Error(`port-forward to ${target.namespace}:${target.port}: ${chunk.toString().trim()}`));
        }
        done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const pod = await target.pod();
      if (socket.destroyed || closing) return; // given up (stop, or the peer left) while the pod was looked up
      const opening = forward.portForward(target.namespace, pod, [target.port], socket, errors, socket) as Promise<unknown>;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`port-forward to ${target.namespace}/${pod}:${target.port} did not open within ${openTimeoutMs / 1000}s`)), openTimeoutMs);
      });
      // A tunnel that opens after its connection was given up is closed at once.
      opening.then((ws) => {
        if (socket.destroyed || closing) (ws as Tunnel).terminate();
      }, () => {});
      const ws = (await Promise.race([opening, timeout])) as Tunnel;
      conn.tunnel = ws;
      ws.on("error", (err) => fail(err));
      // client-node does not end its output when the pod side hangs up; a clean close ends the
      // connection (the response is complete), a failed one has already destroyed it.
      ws.on("close", () => {
        if (!failed) socket.end();
      });
      if (socket.destroyed || closing) ws.terminate();
    } catch (err) {
      target.forgetPod();
      fail(err instanceof Error ? err : new Error(String(err)));
    } finally {
      clearTimeout(timer);
    }
  };

  const server: Server = createServer((socket) => void tunnel(socket));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const c of open) {
        c.tunnel?.terminate();
        c.socket.destroy();
      }
      open.clear();
      await closed;
    },
  };
}
