// Hand-written hostile targets on 127.0.0.1:0: what a half-broken proxy, a slow link or a liar
// does to a conformance tool. Raw TCP, so each one misbehaves exactly as named, byte for byte.
// Every server tracks its sockets and timers so close() ends them all.
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface HostileServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  /** Requests (first bytes of a connection) seen so far. */
  readonly requests: number;
  close(): Promise<void>;
}

export type Behaviour = (socket: Socket, timers: Set<NodeJS.Timeout>) => void;

export function hostileServer(behaviour: Behaviour): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let requests = 0;
  const server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    // One misbehaviour per request; keep-alive clients may send several on a connection.
    s.on("data", () => {
      requests++;
      behaviour(s, timers);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        port,
        get requests() {
          return requests;
        },
        close: () =>
          new Promise<void>((res) => {
            for (const t of timers) clearInterval(t);
            for (const s of sockets) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}

const head = (status: string, headers: Record<string, string | number>): string =>
  `HTTP/1.1 ${status}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;

/** Sends `status` and headers, then writes one byte of body every `everyMs`, forever. */
export const trickle = (everyMs: number): Behaviour => (s, timers) => {
  s.write(head("200 OK", { "content-length": 1_000_000, "x-version": "v1" }));
  const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write("x")), everyMs);
  timers.add(t);
};

/** Answers every request with `status` and a complete body (a liar: 200 to everything, 403 to everything). */
export const answerAll = (status: string, body: string, headers: Record<string, string> = {}): Behaviour => (s) => {
  s.write(head(status, { "content-type": "text/plain", "content-length": Buffer.byteLength(body), ...headers }) + body);
};

/** 200 with a content-length, part of the body, then a clean close (FIN) mid-body. */
export const closeMidBody: Behaviour = (s) => {
  s.end(head("200 OK", { "content-length": 1000, "x-version": "v1" }) + "x".repeat(100));
};

/** 200 and its headers, then a reset (RST) before any body. */
export const resetAfterHeaders: Behaviour = (s) => {
  s.write(head("200 OK", { "content-length": 1000, "x-version": "v1" }), () => setImmediate(() => s.resetAndDestroy()));
};

/** A chunked body that never ends (1 KiB chunks as fast as the socket drains). */
export const endlessBody: Behaviour = (s) => {
  s.write(head("200 OK", { "transfer-encoding": "chunked", "x-version": "v1" }));
  const chunk = `400\r\n${"y".repeat(1024)}\r\n`;
  const pump = (): void => {
    while (!s.destroyed && s.write(chunk));
    if (!s.destroyed) s.once("drain", pump);
  };
  pump();
};

/** A complete but huge body (8 MiB, well over any cap). */
export const hugeBody: Behaviour = (s) => {
  const size = 8 << 20;
  s.write(head("200 OK", { "content-length": size, "x-version": "v1" }));
  const chunk = Buffer.alloc(64 * 1024, 0x7a);
  let sent = 0;
  const pump = (): void => {
    while (!s.destroyed && sent < size) {
      sent += chunk.length;
      if (!s.write(chunk)) return void s.once("drain", pump);
    }
  };
  pump();
};

/** Accepts the connection, reads the request, and never answers. */
export const neverAnswer: Behaviour = () => {};

/** Resets the connection without sending a byte (how STRICT mTLS refuses plaintext). */
export const resetAtOnce: Behaviour = (s) => {
  s.resetAndDestroy();
};

/** Closes the connection without sending a byte. */
export const closeAtOnce: Behaviour = (s) => {
  s.end();
};

/** A complete 200, then a reset of the connection (the next request on it finds it gone). */
export const answerThenReset: Behaviour = (s) => {
  s.write(head("200 OK", { "content-length": 2, "x-version": "v1" }) + "ok", () => setImmediate(() => s.resetAndDestroy()));
};

/** Every misbehaviour the suite runs checks against, by what it does. */
export const HOSTILE_BEHAVIOURS: Record<string, Behaviour> = {
  "trickles its body, a byte every 300 ms": trickle(300),
  "answers 200 to everything": answerAll("200 OK", "ok", { "x-version": "v1" }),
  "answers 200, then resets the connection": answerThenReset,
  "answers 200 with a content-length, then closes mid-body": closeMidBody,
  "answers 403 to everything": answerAll("403 Forbidden", "RBAC: access denied"),
  "resets after the headers": resetAfterHeaders,
  "sends a huge body (8 MiB)": hugeBody,
  "sends an endless body": endlessBody,
  "never answers": neverAnswer,
};
