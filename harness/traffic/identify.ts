// Which destination answered: the profile's IdentifyRule names a response header (checked
// first, cheapest) and/or a top-level field of a JSON body.

import type { IdentifyRule } from "../../spec/profile/types.js";

/** The destination named by the header, if the rule has one and the response carries it. */
export function destinationFromHeaders(
  rule: IdentifyRule | undefined,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string | undefined {
  if (rule?.header === undefined) return undefined;
  const v = headers[rule.header.toLowerCase()];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first === "" ? undefined : first;
}

/** The destination named by a top-level string/number field of a parsed JSON object. */
export function destinationFromJson(rule: IdentifyRule | undefined, json: unknown): string | undefined {
  if (rule?.jsonField === undefined || json === null || typeof json !== "object" || Array.isArray(json)) return undefined;
  const v = (json as Record<string, unknown>)[rule.jsonField];
  return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;
}

/** Same, from body text; a body that is not a JSON object names nothing. */
export function destinationFromBody(rule: IdentifyRule | undefined, body: string | undefined): string | undefined {
  if (rule?.jsonField === undefined || body === undefined || !body.trimStart().startsWith("{")) return undefined;
  try {
    return destinationFromJson(rule, JSON.parse(body));
  } catch {
    return undefined;
  }
}

/** Header first, then the JSON body: the whole rule. */
export function identifyDestination(
  rule: IdentifyRule | undefined,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: string | undefined,
): string | undefined {
  return destinationFromHeaders(rule, headers) ?? destinationFromBody(rule, body);
}
