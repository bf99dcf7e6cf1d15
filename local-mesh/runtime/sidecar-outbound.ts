// A sidecar's outbound listener: the only way the app's forwarder leaves the pod. It learns the
// destination from Host (`svc.ns:port`, `svc.ns.svc.cluster.local:port`, or `svc:port` in the
// caller's namespace), picks a ready endpoint per request, and dials it with this workload's
// certificate — or in plaintext when the endpoint has no sidecar (Istio's auto-mTLS).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { MeshModel, Service } from "../model/types.js";
import type { IssuedCert } from "./ca.js";
import type { Registry, Endpoint } from "./registry.js";
import { meshRoutesFor } from "./mesh-routes.js";
import { pickDestination, selectRoute } from "./route-match.js";
import { forward, forwardableHeaders, UpstreamPools } from "./upstream.js";
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

type Choice = { ok: true; service: Service | undefined; endpoint: Endpoint | undefined } | { ok: false };

export async function startOutbound(opts: OutboundOptions): Promise<RunningListener> {
  const pools = new UpstreamPools({ caPem: opts.caPem, certPem: opts.identity.certPem, keyPem: opts.identity.keyPem });
  // Without the model (tests of plain Service routing) there are no DestinationRules either.
  const policies = opts.model ? new DestinationPolicies(opts.model, opts.registry) : undefined;
  const pickFrom = (service: Service) => opts.registry.pick(service, opts.random, policies?.inService(service));

  /** The endpoint for a call to `service`: through its mesh VirtualService routes, if any. */
  const choose = (req: IncomingMessage, service: Service): Choice => {
    const bound = opts.model ? meshRoutesFor(opts.model, opts.registry, service) : [];
    if (bound.length === 0) return { ok: true, service, endpoint: pickFrom(service) };
    const hit = selectRoute(
      bound.map((b) => b.route),
      { headers: req.headers, path: req.url ?? "/", method: req.method ?? "GET" },
    );
    const chosen = hit && bound.find((b) => b.route === hit);
    const dest = hit && pickDestination(hit, opts.random);
    if (!chosen || !dest) return { ok: false };
    const target = opts.registry.findService(dest.destination.host, chosen.namespace);
    return { ok: true, service: target, endpoint: target && pickFrom(target) };
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
    const ep = choice.endpoint;
    if (!ep) {
      sendLocalReply(res, 503, "no healthy upstream");
      return;
    }
    const target = ep.sidecar && ep.identity ? { port: ep.port, expectSpiffe: ep.identity } : { port: ep.port };
    // The app cannot forge its identity: XFCC is set only by the receiving sidecar.
    const headers = forwardableHeaders(req.headers, ["x-forwarded-client-cert"]);
    let served = false;
    const serve = () => {
      served = true;
      return forward(pools, target, req, res, { headers });
    };
    const service = choice.service;
    if (!policies || !service) {
      void serve();
      return;
    }
    void policies.guard(service, res, serve).then(() => {
      // An overflow never reached the endpoint: it says nothing about its health.
      if (served && res.headersSent) policies.report(service, ep, res.statusCode);
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
