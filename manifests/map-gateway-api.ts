// The Kubernetes Gateway API's Gateway and HTTPRoute (gateway.networking.k8s.io/v1), read with
// the API's own defaults: a parentRef is a Gateway in the route's namespace, a match without a
// path is PathPrefix "/", a header match is Exact, a backendRef is a Service with weight 1.
// Where the local mesh cannot honour a form (another listener protocol, a backend in another
// namespace, filters) the shape check or this file names the field.
import type { ResourceFields } from "./fields.js";
import type { ObjectName } from "./metadata.js";
import type { Path } from "./path.js";
import { checkRegex } from "./string-match.js";
import type {
  GatewayHttpRoute,
  GatewayListener,
  HttpBackendRef,
  HttpRouteMatchSpec,
  HttpRouteRule,
  KubeGateway,
  RouteParentRef,
  Source,
} from "./types.js";

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

export function mapKubeGateway(fields: ResourceFields, id: ObjectName, source: Source): KubeGateway {
  const gatewayClassName = fields.string(["spec", "gatewayClassName"]);
  const count = fields.listLength(["spec", "listeners"]);
  if (count === 0) fields.fail(["spec", "listeners"], "must list at least one listener");
  const listeners: GatewayListener[] = [];
  for (let i = 0; i < count; i++) {
    const at: Path = ["spec", "listeners", i];
    const name = fields.string([...at, "name"]);
    if (listeners.some((l) => l.name === name)) fields.fail([...at, "name"], `listener name ${JSON.stringify(name)} is used twice`);
    const hostname = fields.optionalString([...at, "hostname"]);
    listeners.push({
      name,
      port: fields.port([...at, "port"]),
      protocol: fields.oneOf([...at, "protocol"], ["HTTP"] as const),
      ...(hostname !== undefined && { hostname }),
      allowedRoutesFrom: fields.oneOf([...at, "allowedRoutes", "namespaces", "from"], ["Same", "All"] as const, "Same"),
    });
  }
  return { name: id.name, namespace: id.namespace, gatewayClassName, listeners, source };
}

export function mapHttpRoute(fields: ResourceFields, id: ObjectName, source: Source): GatewayHttpRoute {
  const parentRefs: RouteParentRef[] = [];
  for (let i = 0; i < fields.listLength(["spec", "parentRefs"]); i++) parentRefs.push(readParentRef(fields, ["spec", "parentRefs", i], id.namespace));
  const hostnames = fields.optionalStringList(["spec", "hostnames"]) ?? [];
  const count = fields.listLength(["spec", "rules"]);
  if (count === 0) fields.fail(["spec", "rules"], "must list at least one rule");
  const rules: HttpRouteRule[] = [];
  for (let i = 0; i < count; i++) rules.push(readRule(fields, ["spec", "rules", i], id.namespace));
  const created = fields.optionalString(["metadata", "creationTimestamp"]);
  const createdMs = created === undefined ? undefined : Date.parse(created);
  if (createdMs !== undefined && Number.isNaN(createdMs)) {
    fields.fail(["metadata", "creationTimestamp"], `must be an RFC 3339 time like 2026-01-01T00:00:00Z, got ${JSON.stringify(created)}`);
  }
  return { name: id.name, namespace: id.namespace, parentRefs, hostnames, rules, ...(createdMs !== undefined && { createdMs }), source };
}

function readParentRef(fields: ResourceFields, path: Path, namespace: string): RouteParentRef {
  const group = fields.optionalString([...path, "group"]) ?? GATEWAY_API_GROUP;
  const kind = fields.optionalString([...path, "kind"]) ?? "Gateway";
  const isGateway = group === GATEWAY_API_GROUP && kind === "Gateway";
  const isService = group === "" && kind === "Service";
  if (!isGateway && !isService) {
    fields.fail([...path, "kind"], `a parent must be a Gateway (group ${GATEWAY_API_GROUP}) or a Service (group ""), got ${kind} in group ${JSON.stringify(group)}`);
  }
  const sectionName = fields.optionalString([...path, "sectionName"]);
  const port = fields.optionalPort([...path, "port"]);
  return {
    kind: isGateway ? "Gateway" : "Service",
    name: fields.string([...path, "name"]),
    namespace: fields.optionalString([...path, "namespace"]) ?? namespace,
    ...(sectionName !== undefined && { sectionName }),
    ...(port !== undefined && { port }),
  };
}

function readRule(fields: ResourceFields, path: Path, namespace: string): HttpRouteRule {
  const name = fields.optionalString([...path, "name"]);
  const matches: HttpRouteMatchSpec[] = [];
  for (let i = 0; i < fields.listLength([...path, "matches"]); i++) matches.push(readMatch(fields, [...path, "matches", i]));
  if (matches.length === 0) matches.push({ path: { type: "PathPrefix", value: "/" }, headers: [] });
  const backendRefs: HttpBackendRef[] = [];
  for (let i = 0; i < fields.listLength([...path, "backendRefs"]); i++) {
    backendRefs.push(readBackendRef(fields, [...path, "backendRefs", i], namespace));
  }
  const timeoutMs = gatewayApiDurationMs(fields, [...path, "timeouts", "request"]);
  return { ...(name !== undefined && { name }), matches, backendRefs, ...(timeoutMs !== undefined && timeoutMs > 0 && { timeoutMs }) };
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"] as const;

function readMatch(fields: ResourceFields, path: Path): HttpRouteMatchSpec {
  const type = fields.oneOf([...path, "path", "type"], ["Exact", "PathPrefix", "RegularExpression"] as const, "PathPrefix");
  const value = fields.optionalString([...path, "path", "value"]) ?? "/";
  if (type !== "RegularExpression" && !value.startsWith("/")) fields.fail([...path, "path", "value"], `must start with "/", got ${JSON.stringify(value)}`);
  // The same RE2 limits as Istio's regex matches.
  if (type === "RegularExpression") checkRegex(fields, [...path, "path", "value"], value);
  const headers: HttpRouteMatchSpec["headers"] = [];
  for (let i = 0; i < fields.listLength([...path, "headers"]); i++) {
    const at: Path = [...path, "headers", i];
    const headerType = fields.oneOf([...at, "type"], ["Exact", "RegularExpression"] as const, "Exact");
    const name = fields.string([...at, "name"]).toLowerCase();
    // Matches on one header name after the first are ignored by the API; refuse them instead.
    if (headers.some((h) => h.name === name)) fields.fail([...at, "name"], `header ${name} is matched twice in one match (the Gateway API ignores the second)`);
    const headerValue = fields.optionalString([...at, "value"]);
    if (headerValue === undefined) fields.fail([...at, "value"], "is required");
    if (headerType === "RegularExpression") checkRegex(fields, [...at, "value"], headerValue);
    headers.push({ name, type: headerType, value: headerValue });
  }
  const method = fields.has([...path, "method"]) ? fields.oneOf([...path, "method"], METHODS) : undefined;
  return { path: { type, value }, headers, ...(method !== undefined && { method }) };
}

function readBackendRef(fields: ResourceFields, path: Path, namespace: string): HttpBackendRef {
  const group = fields.optionalString([...path, "group"]) ?? "";
  const kind = fields.optionalString([...path, "kind"]) ?? "Service";
  if (group !== "" || kind !== "Service") fields.fail([...path, "kind"], `a backend must be a Service (group ""), got ${kind} in group ${JSON.stringify(group)}`);
  const ns = fields.optionalString([...path, "namespace"]) ?? namespace;
  if (ns !== namespace) {
    fields.fail([...path, "namespace"], `a backend in another namespace needs a ReferenceGrant, which the local mesh does not read; use a Service in ${namespace}`);
  }
  const port = fields.optionalPort([...path, "port"]);
  if (port === undefined) fields.fail([...path, "port"], "is required for a Service backend");
  return { name: fields.string([...path, "name"]), namespace: ns, port, weight: fields.optionalInteger([...path, "weight"], 0, 1_000_000) ?? 1 };
}

// Gateway API durations (GEP-2257): one to four number-unit pairs, units h, m, s, ms: `10s`, `1m30s`.
const GATEWAY_API_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

function gatewayApiDurationMs(fields: ResourceFields, path: Path): number | undefined {
  const text = fields.optionalString(path);
  if (text === undefined) return undefined;
  if (!GATEWAY_API_DURATION.test(text)) fields.fail(path, `must be a Gateway API duration like 10s, 500ms or 1m30s, got ${JSON.stringify(text)}`);
  let ms = 0;
  for (const m of text.matchAll(/([0-9]+)(ms|h|m|s)/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms;
}
