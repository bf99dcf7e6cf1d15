// Gateway and VirtualService: how traffic enters the mesh and where it is routed.
import type { ResourceFields } from "./fields.js";
import type { ObjectName } from "./metadata.js";
import type { Path } from "./path.js";
import { readStringMatch } from "./string-match.js";
import { readRoutePolicy } from "./map-route-policy.js";
import type { Gateway, GatewayServer, HttpMatch, HttpRoute, RouteDestination, Source, VirtualService } from "./types.js";

export function mapGateway(fields: ResourceFields, id: ObjectName, source: Source): Gateway {
  const selector = fields.stringMap(["spec", "selector"]);
  const count = fields.listLength(["spec", "servers"]);
  if (count === 0) fields.fail(["spec", "servers"], "must list at least one server");
  const servers: GatewayServer[] = [];
  for (let i = 0; i < count; i++) {
    const at: Path = ["spec", "servers", i];
    const port = {
      number: fields.port([...at, "port", "number"]),
      name: fields.string([...at, "port", "name"]),
      protocol: fields.oneOf([...at, "port", "protocol"], ["HTTP"] as const),
    };
    servers.push({ port, hosts: fields.stringList([...at, "hosts"]) });
  }
  return { name: id.name, namespace: id.namespace, selector, servers, source };
}

export function mapVirtualService(fields: ResourceFields, id: ObjectName, source: Source): VirtualService {
  const hosts = fields.stringList(["spec", "hosts"]);
  const gateways = (fields.optionalStringList(["spec", "gateways"]) ?? []).map((ref, i) =>
    normaliseGatewayRef(fields, ["spec", "gateways", i], ref, id.namespace),
  );
  const count = fields.listLength(["spec", "http"]);
  if (count === 0) fields.fail(["spec", "http"], "must list at least one http route");
  const http: HttpRoute[] = [];
  for (let i = 0; i < count; i++) http.push(readRoute(fields, ["spec", "http", i]));
  return { name: id.name, namespace: id.namespace, hosts, gateways, http, source };
}

function normaliseGatewayRef(fields: ResourceFields, path: Path, ref: string, namespace: string): string {
  if (ref === "mesh") return ref;
  const parts = ref.split("/");
  if (parts.length === 1) return `${namespace}/${ref}`;
  if (parts.length === 2 && parts[0] !== "" && parts[1] !== "") return ref;
  return fields.fail(path, `gateway reference must be name or namespace/name, got ${JSON.stringify(ref)}`);
}

function readRoute(fields: ResourceFields, path: Path): HttpRoute {
  const name = fields.optionalString([...path, "name"]);
  const label = name === undefined ? "" : ` ("${name}")`;

  const matchCount = fields.listLength([...path, "match"]);
  const match: HttpMatch[] = [];
  for (let i = 0; i < matchCount; i++) match.push(readMatch(fields, [...path, "match", i]));

  const routeCount = fields.listLength([...path, "route"]);
  if (routeCount === 0) fields.fail([...path, "route"], `route${label} must list at least one destination`);
  const route: RouteDestination[] = [];
  for (let i = 0; i < routeCount; i++) route.push(readDestination(fields, [...path, "route", i]));
  checkWeights(fields, [...path, "route"], route, label);

  return { ...(name !== undefined && { name }), ...(matchCount > 0 && { match }), route, ...readRoutePolicy(fields, path) };
}

function readMatch(fields: ResourceFields, path: Path): HttpMatch {
  const match: HttpMatch = {};
  const headerNames = fields.keys([...path, "headers"]);
  if (headerNames.length > 0) {
    match.headers = {};
    for (const header of headerNames) {
      // Istio rejects upper-case header names: HTTP/2 lower-cases them, so they could never match.
      if (header !== header.toLowerCase()) fields.fail([...path, "headers", header], "header names must be lower-case");
      match.headers[header] = readStringMatch(fields, [...path, "headers", header]);
    }
  }
  if (fields.has([...path, "uri"])) match.uri = readStringMatch(fields, [...path, "uri"]);
  if (fields.has([...path, "method"])) match.method = readStringMatch(fields, [...path, "method"]);
  return match;
}

function readDestination(fields: ResourceFields, path: Path): RouteDestination {
  const host = fields.string([...path, "destination", "host"]);
  const port = fields.optionalPort([...path, "destination", "port", "number"]);
  const weight = fields.optionalInteger([...path, "weight"], 0, 100);
  return {
    destination: { host, ...(port !== undefined && { port: { number: port } }) },
    ...(weight !== undefined && { weight }),
  };
}

// Weighted destinations must add up to 100: the checks read these numbers as the expected split.
function checkWeights(fields: ResourceFields, path: Path, route: RouteDestination[], label: string): void {
  if (route.length === 1) {
    const weight = route[0]!.weight;
    if (weight !== undefined && weight !== 100) {
      fields.fail([...path, 0, "weight"], `route${label} has one destination, so its weight must be 100 or absent, got ${weight}`);
    }
    return;
  }
  const missing = route.findIndex((destination) => destination.weight === undefined);
  if (missing >= 0) fields.fail([...path, missing], `route${label} has several destinations, so each needs a weight`);
  const total = route.reduce((sum, destination) => sum + (destination.weight ?? 0), 0);
  if (total !== 100) {
    const weights = route.map((destination) => destination.weight).join("/");
    fields.fail(path, `route${label} weights ${weights} sum to ${total}, must sum to 100`);
  }
}
