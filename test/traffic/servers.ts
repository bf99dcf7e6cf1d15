// Real servers on 127.0.0.1 port 0 for the traffic tests. Every server tracks its sockets so
// close() can end them all (mocha must exit on its own).
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttps, type ServerOptions as HttpsOptions } from "node:https";
import { createServer as createNet, type Server as NetServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface TestServer {
  url: string;
  port: number;
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

function track(server: NetServer, scheme: string): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  server.on("connection", (s: Socket) => {
    state.connections++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://127.0.0.1:${port}/`,
        port,
        get connections() {
          return state.connections;
        },
        close: () =>
          new Promise<void>((res) => {
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function httpServer(handler: Handler): Promise<TestServer> {
  return track(createHttp(handler) as Server, "http");
}

export function httpsServer(opts: HttpsOptions, handler: Handler): Promise<TestServer> {
  return track(createHttps(opts, handler), "https");
}

/** A raw TCP server: `onData` decides what happens to a connection once a request arrives. */
export function tcpServer(onData: (socket: Socket) => void): Promise<TestServer> {
  return track(createNet((s) => s.once("data", () => onData(s))), "http");
}

/** A port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const s = await tcpServer(() => {});
  await s.close();
  return s.port;
}
