// A sidecar's outbound listener: the only way the app's forwarder leaves the pod. It learns the
// destination from Host (`svc.ns:port`, `svc.ns.svc.cluster.local:port`, or `svc:port` in the
// caller's namespace), picks a ready endpoint per try, and dials it with this workload's
// certificate — or in plaintext when the endpoint has no sidecar (Istio's auto-mTLS). The mesh
// route's policy applies as at the gateway, and without one Istio's default retry policy.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { HttpRoute, MeshModel, Service } from "../../manifests/types.js";
import type { IssuedCert } from "./ca.js";
import { endpointKey, type Registry, type Endpoint } from "./registry.js";
import { meshRoutesFor } from "./mesh-routes.js";
import { pickDestination, selectRoute } from "./route-match.js";
import { forwardableHeaders, UpstreamPools } from "./upstream.js";
import { serveRoute } from "./route-policy.js";
import { DestinationPolicies } from "./destination-policies.js";
import { sendLocalReply } from "./local-reply.js";
import { listenLoopback, trackSockets, closeServer, type RunningListener } from "./listen.js";

export interface OutboundOptions {
  name: string;
  /** The caller's namespace, for short host names. */
  namespace: string;
  identity: IssuedCert;
  caPem: string;
  registry: Registry;
  /** For mesh-bound VirtualServices (absent: plain Service routing). */
  model?: MeshModel;
  random: () => number;
}

type Choice = { ok: true; service: Service | undefined; route?: HttpRoute } | { ok: false };

export async function startOutbound(opts: OutboundOptions): Promise<RunningListener> {
  const pools = new UpstreamPools({ caPem: opts.caPem, certPem: opts.identity.certPem, keyPem: opts.identity.keyPem });
  // Without the model (tests of plain Service routing) there are no DestinationRules either.
  const policies = opts.model ? new DestinationPolicies(opts.model, opts.registry) : undefined;
  const pickFrom = (service: Service, tried: ReadonlySet<string>) => opts.registry.pick(service, opts.random, policies?.inService(service), tried);

  /** The Service a call to `service` goes to: through its mesh VirtualService routes, if any. */
  const choose = (req: IncomingMessage, service: Service): Choice => {
    const bound = opts.model ? meshRoutesFor(opts.model, opts.registry, service) : [];
    if (bound.length === 0) return { ok: true, service };
    const hit = selectRoute(
      bound.map((b) => b.route),
      { headers: req.headers, path: req.url ?? "/", method: req.method ?? "GET" },
    );
    const chosen = hit && bound.find((b) => b.route === hit);
    const dest = hit && pickDestination(hit, opts.random);
    if (!chosen || !dest) return { ok: false };
    return { ok: true, service: opts.registry.configService(dest.destination.host, chosen.namespace), route: hit };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const resolved = opts.registry.resolveHost(req.headers.host, opts.namespace);
    if (!resolved.ok) {
      // Like Istio with outboundTrafficPolicy REGISTRY_ONLY: an unknown host goes to the
      // BlackHoleCluster, which Envoy answers with 502. (ALLOW_ANY would pass through to a
      // real IP, which does not exist locally.)
      sendLocalReply(res, 502);
      return;
    }
    const choice = choose(req, resolved.service);
    if (!choice.ok) {
      sendLocalReply(res, 404); // a mesh VirtualService names the host but no route matches
      return;
    }
    const service = choice.service;
    if (!service || opts.registry.endpoints(service).length === 0) {
      sendLocalReply(res, 503, "no healthy upstream");
      return;
    }
    let last: Endpoint | undefined;
    const pick = (tried: ReadonlySet<string>) => {
      const ep = pickFrom(service, tried);
      last = ep;
      if (!ep) return undefined;
      return { key: endpointKey(ep), port: ep.port, ...(ep.sidecar && ep.identity ? { expectSpiffe: ep.identity } : {}) };
    };
    // The app cannot forge its identity: XFCC is set only by the receiving sidecar.
    const headers = forwardableHeaders(req.headers, ["x-forwarded-client-cert"]);
    const serve = () => serveRoute({ pools, route: choice.route ?? {}, pick, headers, random: opts.random }, req, res);
    if (!policies) {
      void serve();
      return;
    }
    void policies.guard(service, res, serve).then(() => {
      // An overflow never reached an endpoint: it says nothing about one's health.
      if (last && res.headersSent) policies.report(service, last, res.statusCode);
    });
  };

  const server = createServer(handle);
  const destroyAll = trackSockets(server);
  const port = await listenLoopback(server, `${opts.name} outbound`);
  return {
    name: `${opts.name} outbound`,
    port,
    async close() {
      await closeServer(server, destroyAll);
      await pools.close();
    },
  };
}
