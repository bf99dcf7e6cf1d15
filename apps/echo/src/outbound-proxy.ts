// Validates the outbound proxy origin (MESH_OUTBOUND_PROXY / outboundProxy).

/** Returns the normalized origin, or a one-line reason it is not one. */
export function parseProxyOrigin(text: string): { ok: true; origin: string } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `"${text}" is not a URL; expected an origin like http://127.0.0.1:15001` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, error: `"${text}" must use http: or https:` };
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "" || url.username !== "") {
    return { ok: false, error: `"${text}" must be a bare origin (scheme://host:port), without path, query or credentials` };
  }
  return { ok: true, origin: url.origin };
}
