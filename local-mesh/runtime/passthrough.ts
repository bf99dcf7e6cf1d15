// The "network" for a workload without a sidecar. Its forwarder needs a name resolver to reach
// `svc.ns:port` locally, so it gets this plain HTTP relay instead: no TLS, no identity, Host
// decides the destination pod. A connection-level failure upstream (STRICT resetting the
// plaintext) is passed on as a reset, so the caller sees what a pod without a sidecar sees.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Registry } from "./registry.js";
import { forward, forwardableHeaders, UpstreamPools } from "./upstream.js";
import { sendLocalReply } from "./local-reply.js";
import { listenLoopback, trackSockets, closeServer, type RunningListener } from "./listen.js";

export interface PassthroughOptions {
  name: string;
  namespace: string;
  registry: Registry;
  random: () => number;
}

export async function startPassthrough(opts: PassthroughOptions): Promise<RunningListener> {
  const pools = new UpstreamPools();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const resolved = opts.registry.resolveHost(req.headers.host, opts.namespace);
    if (!resolved.ok) {
      // Stands in for a DNS failure, which an HTTP relay cannot produce.
      sendLocalReply(res, 502, `meshcheck passthrough: ${resolved.reason}`);
      return;
    }
    const ep = opts.registry.pick(resolved.service, opts.random);
    if (!ep) {
      // A Service with no ready pods: kube-proxy has nothing to send to, the connect is refused.
      req.socket.resetAndDestroy();
      return;
    }
    void forward(pools, { port: ep.port }, req, res, {
      headers: forwardableHeaders(req.headers),
      onUpstreamFailure: () => req.socket.resetAndDestroy(),
    });
  };

  const server = createServer(handle);
  const destroyAll = trackSockets(server);
  const port = await listenLoopback(server, `${opts.name} passthrough`);
  return {
    name: `${opts.name} passthrough`,
    port,
    async close() {
      await closeServer(server, destroyAll);
      await pools.close();
    },
  };
}
