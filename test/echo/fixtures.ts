// Test fixtures: throwaway servers on 127.0.0.1:0 that misbehave in exactly one way, and a
// client for the forwarder. Every fixture's close() also destroys the sockets it accepted.
import { createServer as createHttpServer, type RequestListener } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { request } from "undici";
import type { ForwardResponse } from "../../spec/echo/protocol.js";
import { TEST_ADMIN_TOKEN } from "./helpers.js";

export interface Fixture {
  port: number;
  /** Connections accepted so far. */
  connections: () => number;
  close(): Promise<void>;
}

export function listenNet(onConnection: (socket: Socket) => void): Promise<Fixture> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createNetServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    onConnection(socket);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        connections: () => accepted,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

export function listenHttp(handler: RequestListener): Promise<Fixture> {
  let accepted = 0;
  const server = createHttpServer(handler);
  server.on("connection", () => accepted++);
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        connections: () => accepted,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

/** A port that was just listening and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const fixture = await listenNet(() => undefined);
  await fixture.close();
  return fixture.port;
}

export interface ForwardAnswer {
  status: number;
  json: unknown;
}

/** POST /forward as the harness does: the test echo's token and a JSON body. */
export async function postForward(adminPort: number, body: unknown, token = TEST_ADMIN_TOKEN): Promise<ForwardAnswer> {
  const res = await request(`http://127.0.0.1:${adminPort}/forward`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-meshcheck-token": token },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.statusCode, json: await res.body.json() };
}

export async function forwardOk(adminPort: number, body: unknown): Promise<ForwardResponse> {
  const answer = await postForward(adminPort, body);
  if (answer.status !== 200) throw new Error(`forward answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  return answer.json as ForwardResponse;
}

/** An HTTP target that holds every request until released: a request in flight a test can see arrive. */
export async function heldTarget(body: string): Promise<Fixture & { reached: Promise<void>; release: () => void }> {
  let release!: () => void;
  let arrived!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const fixture = await listenHttp((_req, res) => {
    arrived();
    void held.then(() => res.end(body));
  });
  return { ...fixture, reached, release };
}
