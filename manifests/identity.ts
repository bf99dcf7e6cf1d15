// SPIFFE identities as Istio issues them, and the principal form AuthorizationPolicy uses.

export function spiffeId(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** AuthorizationPolicy principals are SPIFFE IDs without the scheme. */
export function principalOf(spiffe: string): string {
  return spiffe.startsWith("spiffe://") ? spiffe.slice("spiffe://".length) : spiffe;
}

/** The namespace segment of a SPIFFE ID (`.../ns/NS/sa/SA`), for `source.namespaces`. */
export function namespaceOf(spiffe: string): string | undefined {
  return /\/ns\/([^/]+)\/sa\/[^/]+$/.exec(spiffe)?.[1];
}
