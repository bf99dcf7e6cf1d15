// A sidecar's inbound listener: the workload's "pod IP:port" as the mesh sees it. It enforces
// PeerAuthentication at the connection (STRICT resets plaintext before any HTTP, like Envoy's
// filter chain match failing), AuthorizationPolicy per request (403 `RBAC: access denied`), and
// hands the app the caller's identity in X-Forwarded-Client-Cert.
import { createServer as createNetServer, type Socket } from "node:net";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { TLSSocket } from "node:tls";
import type { AuthorizationPolicy, MtlsMode } from "../../manifests/types.js";
import { uriSans, certSha256, type IssuedCert } from "./ca.js";
import { evaluateAuthz } from "./authz.js";
import { principalOf, namespaceOf } from "../../manifests/identity.js";
import { forward, forwardableHeaders, UpstreamPools } from "./upstream.js";
import { sendLocalReply } from "./local-reply.js";
import { listenLoopback, trackSockets, closeServer, type RunningListener } from "./listen.js";

export interface InboundOptions {
  /** For addresses and errors, e.g. `workshop-app-v1`. */
  name: string;
  mode: MtlsMode;
  /** Policies that select this workload (already filtered). */
  policies: AuthorizationPolicy[];
  /** This workload's certificate (server side of mTLS, and the XFCC `By=`). */
  identity: IssuedCert;
  caPem: string;
  /** The app's service port on 127.0.0.1. */
  appPort: number;
  /** Counts requests in progress, so a restart can drain them before closing (absent: not counted). */
  inFlight?: { count: number };
}

/** The TLS record type of a ClientHello's first byte. */
const TLS_HANDSHAKE = 0x16;
const FIRST_BYTE_TIMEOUT_MS = 15_000;

interface Peer {
  spiffe?: string;
  certHash?: string;
}

/**
 * The caller's identity, parsed once per handshake rather than per request: a keep-alive
 * connection's later requests reuse it. The handshake's Finished message is the key, so a
 * TLS 1.2 renegotiation (which could present another certificate) is parsed afresh.
 */
const peers = new WeakMap<object, { finished: Buffer; peer: Peer }>();

function peerOf(req: IncomingMessage): Peer | undefined {
  const sock = req.socket as Partial<TLSSocket>;
  if (!sock.encrypted || !sock.getPeerCertificate) return undefined;
  const finished = sock.getFinished?.();
  const known = peers.get(sock);
  if (known && finished && known.finished.equals(finished)) return known.peer;
  const cert = sock.getPeerCertificate();
  const peer: Peer = !cert || !cert.raw ? {} : { spiffe: uriSans(cert.subjectaltname).find((u) => u.startsWith("spiffe://")), certHash: certSha256(cert.raw) };
  if (finished) peers.set(sock, { finished, peer });
  return peer;
}

export async function startInbound(opts: InboundOptions): Promise<RunningListener> {
  const app = new UpstreamPools();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const counter = opts.inFlight;
    if (counter) {
      counter.count++;
      res.once("close", () => counter.count--);
    }
    const peer = peerOf(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const decision = evaluateAuthz(opts.policies, {
      principal: peer?.spiffe ? principalOf(peer.spiffe) : undefined,
      namespace: peer?.spiffe ? namespaceOf(peer.spiffe) : undefined,
      method: req.method ?? "GET",
      path,
    });
    if (!decision.allowed) {
      sendLocalReply(res, 403, "RBAC: access denied");
      return;
    }
    // A client-supplied XFCC is never trusted (Envoy's forward_client_cert_details: SANITIZE_SET).
    const headers = forwardableHeaders(req.headers, ["x-forwarded-client-cert"]);
    if (peer) {
      headers["x-forwarded-client-cert"] =
        `By=${opts.identity.spiffeId};Hash=${peer.certHash ?? ""};Subject="";URI=${peer.spiffe ?? ""}`;
      headers["x-forwarded-proto"] = "https";
    }
    void forward(app, { port: opts.appPort }, req, res, { headers });
  };

  const plain = createHttpServer(handle);
  const tls = createHttpsServer(
    {
      key: opts.identity.keyPem,
      cert: opts.identity.certPem,
      ca: opts.caPem,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: "TLSv1.2",
    },
    handle,
  );
  // Failed handshakes (no client cert, foreign CA) just end that connection.
  tls.on("tlsClientError", (_err, socket) => socket.destroy());

  const server = createNetServer((socket: Socket) => {
    socket.on("error", () => socket.destroy());
    // The TLS and HTTP servers below get this socket from a plain net server, which leaves
    // Nagle on (node:http turns it off only for sockets it accepts itself): an answer sent in
    // two writes would wait for the caller's delayed ACK, up to 40 ms, on keep-alive requests.
    socket.setNoDelay(true);
    // Like Envoy's listener filter timeout: a client that never speaks does not hold a socket.
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(first);
      const isTls = first[0] === TLS_HANDSHAKE;
      const accept = isTls ? opts.mode !== "DISABLE" : opts.mode !== "STRICT";
      // Envoy finds no filter chain for the connection and resets it: the client gets no HTTP.
      if (!accept) {
        socket.resetAndDestroy();
        return;
      }
      (isTls ? tls : plain).emit("connection", socket);
      // node:http adds a 'data' listener but does not undo our pause; the peeked bytes are
      // delivered from the stream buffer once it flows again.
      if (!isTls) socket.resume();
    });
  });
  const destroyAll = trackSockets(server);
  const port = await listenLoopback(server, `${opts.name} inbound`);
  return {
    name: `${opts.name} inbound`,
    port,
    async close() {
      await closeServer(server, destroyAll);
      plain.closeAllConnections();
      await app.close();
    },
  };
}
