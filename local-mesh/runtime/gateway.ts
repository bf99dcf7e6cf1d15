// The ingress gateway: plain HTTP at the edge (the Gateway's port 80), VirtualService routing
// with each route's fault, timeout and retries (route-policy.ts), and mTLS to the chosen pod
// with the gateway's own identity.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { MeshModel } from "../../manifests/types.js";
import type { IssuedCert } from "./ca.js";
import { endpointKey, type Endpoint, type Registry } from "./registry.js";
import { DestinationPolicies } from "./destination-policies.js";
import { routesForHost, type BoundRoute } from "./gateway-config.js";
import { pickDestination, selectRoute, stripPort } from "./route-match.js";
import { forwardableHeaders, UpstreamPools } from "./upstream.js";
import { serveRoute } from "./route-policy.js";
import { sendLocalReply } from "./local-reply.js";
import { listenLoopback, trackSockets, closeServer, type RunningListener } from "./listen.js";

export interface GatewayOptions {
  model: MeshModel;
  identity: IssuedCert;
  caPem: string;
  registry: Registry;
  random: () => number;
  port?: number;
}

/** Hosts whose routes are kept; the Host header is the client's, so the cache must not grow without bound. */
const ROUTE_CACHE_HOSTS = 256;

export async function startGateway(opts: GatewayOptions): Promise<RunningListener> {
  const pools = new UpstreamPools({ caPem: opts.caPem, certPem: opts.identity.certPem, keyPem: opts.identity.keyPem });
  const policies = new DestinationPolicies(opts.model, opts.registry);
  // The gateway's model is fixed for its lifetime: each Host's routes are worked out once, not per request.
  const routeCache = new Map<string, { bound: BoundRoute[]; routes: BoundRoute["route"][] }>();
  const routesFor = (host: string) => {
    let hit = routeCache.get(host);
    if (hit === undefined) {
      const bound = routesForHost(opts.model, host);
      hit = { bound, routes: bound.map((b) => b.route) };
      if (routeCache.size < ROUTE_CACHE_HOSTS) routeCache.set(host, hit);
    }
    return hit;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const host = stripPort(req.headers.host ?? "");
    const { bound, routes } = routesFor(host);
    const method = req.method ?? "GET";
    const hit = selectRoute(routes, { headers: req.headers, path: req.url ?? "/", method });
    const chosen = hit && bound.find((b) => b.route === hit);
    const dest = hit && pickDestination(hit, opts.random);
    if (!chosen || !dest) {
      sendLocalReply(res, 404);
      return;
    }
    const service = opts.registry.configService(dest.destination.host, chosen.namespace);
    const portNumber = dest.destination.port?.number ?? (service?.ports.length === 1 ? service.ports[0]?.port : undefined);
    // Unknown service, unknown port, or no ready pod: an empty cluster, as Envoy sees it (503).
    let last: Endpoint | undefined;
    const pick = (tried: ReadonlySet<string>) => {
      const ep = service && portNumber !== undefined && service.ports.some((p) => p.port === portNumber)
        ? opts.registry.pick(service, opts.random, policies.inService(service), tried)
        : undefined;
      last = ep;
      if (!ep) return undefined;
      return { key: endpointKey(ep), port: ep.port, ...(ep.sidecar && ep.identity ? { expectSpiffe: ep.identity } : {}) };
    };
    // Gateways sanitize client XFCC too; the pod's sidecar sets it from the gateway's cert.
    const headers = forwardableHeaders(req.headers, ["x-forwarded-client-cert"]);
    const serve = () => serveRoute({ pools, route: hit, pick, headers, random: opts.random }, req, res);
    if (!service) {
      void serve();
      return;
    }
    // The destination's DestinationRule: its connection pool around the request, and the
    // answer fed to outlier detection (after retries, the last host tried and the final status).
    void policies.guard(service, res, serve).then(() => {
      if (last && res.headersSent) policies.report(service, last, res.statusCode);
    });
  };

  const server = createServer({ keepAliveTimeout: 60_000 }, handle);
  const destroyAll = trackSockets(server);
  const port = await listenLoopback(server, "ingress gateway", opts.port ?? 0);
  return {
    name: "ingress gateway",
    port,
    async close() {
      await closeServer(server, destroyAll);
      await pools.close();
    },
  };
}
