// PeerAuthentication and AuthorizationPolicy: who may talk to whom, and how.
import type { ResourceFields } from "./fields.js";
import type { ObjectName } from "./metadata.js";
import type { Path } from "./path.js";
import type { AuthorizationPolicy, AuthzOperation, AuthzRule, AuthzSource, PeerAuthentication, Source } from "./types.js";

export function mapPeerAuthentication(fields: ResourceFields, id: ObjectName, source: Source): PeerAuthentication {
  const selector = readSelector(fields);
  // UNSET (inherit from the enclosing scope) is not modelled by the local mesh or the profile: say the mode.
  const mode = fields.oneOf(["spec", "mtls", "mode"], ["STRICT", "PERMISSIVE", "DISABLE"] as const);
  return { name: id.name, namespace: id.namespace, ...(selector && { selector }), mode, source };
}

export function mapAuthorizationPolicy(fields: ResourceFields, id: ObjectName, source: Source): AuthorizationPolicy {
  const selector = readSelector(fields);
  const action = fields.oneOf(["spec", "action"], ["ALLOW", "DENY"] as const, "ALLOW");
  const rules: AuthzRule[] = [];
  for (let i = 0; i < fields.listLength(["spec", "rules"]); i++) rules.push(readRule(fields, ["spec", "rules", i]));
  return { name: id.name, namespace: id.namespace, ...(selector && { selector }), action, rules, source };
}

function readSelector(fields: ResourceFields): Record<string, string> | undefined {
  if (!fields.has(["spec", "selector"])) return undefined;
  return fields.stringMap(["spec", "selector", "matchLabels"]);
}

function readRule(fields: ResourceFields, path: Path): AuthzRule {
  const rule: AuthzRule = {};
  if (fields.has([...path, "from"])) {
    rule.from = [];
    for (let i = 0; i < fields.listLength([...path, "from"]); i++) {
      rule.from.push({ source: readSource(fields, [...path, "from", i, "source"]) });
    }
  }
  if (fields.has([...path, "to"])) {
    rule.to = [];
    for (let i = 0; i < fields.listLength([...path, "to"]); i++) {
      rule.to.push({ operation: readOperation(fields, [...path, "to", i, "operation"]) });
    }
  }
  return rule;
}

function readSource(fields: ResourceFields, path: Path): AuthzSource {
  const source: AuthzSource = {};
  for (const key of ["principals", "notPrincipals", "namespaces", "notNamespaces"] as const) {
    const values = fields.optionalStringList([...path, key]);
    if (values === undefined) continue;
    if (key === "principals" || key === "notPrincipals") checkPrincipals(fields, [...path, key], values);
    source[key] = values;
  }
  return source;
}

// Istio compares principals as trust-domain/ns/NS/sa/SA; with the spiffe:// scheme they never match.
function checkPrincipals(fields: ResourceFields, path: Path, principals: string[]): void {
  principals.forEach((principal, i) => {
    if (principal.startsWith("spiffe://")) {
      fields.fail([...path, i], `write principals without spiffe:// (e.g. ${principal.slice("spiffe://".length)})`);
    }
  });
}

function readOperation(fields: ResourceFields, path: Path): AuthzOperation {
  const operation: AuthzOperation = {};
  for (const key of ["methods", "notMethods", "paths", "notPaths"] as const) {
    const values = fields.optionalStringList([...path, key]);
    if (values !== undefined) operation[key] = values;
  }
  return operation;
}
