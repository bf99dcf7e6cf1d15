// Who may call an admin endpoint (the echo's forwarder, the local mesh's control listener): the
// harness, never a web page. A page can make a browser POST text/plain to 127.0.0.1 (a "simple"
// request needs no CORS preflight), and with DNS rebinding read the answer under its own name.
// So: Host must be a loopback name (a rebound name is not), no Origin and no cross-site
// Sec-Fetch-Site (browsers send them, the harness never does), a per-run secret only the harness
// knows, and application/json (which a page cannot send without a preflight we never answer).
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

import { ADMIN_TOKEN_HEADER } from "../../../spec/echo/admin-token.js";
import { isLoopbackHost } from "../../../spec/echo/admin-host.js";

export interface AdminRefusal {
  status: 401 | 403 | 415 | 421;
  error: string;
  headers?: Record<string, string>;
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(", ") : v;
}

/** Hashing first makes the comparison's time independent of where, and whether, lengths differ. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Refuses anything a browser could have sent on a page's behalf; every admin request passes here first. */
export function refuseBrowser(headers: IncomingHttpHeaders): AdminRefusal | undefined {
  const host = headers.host;
  if (!isLoopbackHost(host)) {
    return { status: 421, error: `Host ${host === undefined ? "is missing" : JSON.stringify(host)}: this admin port answers only 127.0.0.1, localhost or [::1]` };
  }
  if (headers.origin !== undefined) {
    return { status: 403, error: "requests with an Origin header (from a web page) are refused: only the harness may call this admin port" };
  }
  const site = one(headers["sec-fetch-site"]);
  if (site !== undefined && site !== "none") {
    return { status: 403, error: `Sec-Fetch-Site ${JSON.stringify(site)} (from a web page) is refused: only the harness may call this admin port` };
  }
  return undefined;
}

/** Refuses a request without the run's secret or not declared as JSON (for endpoints that act). */
export function refuseCaller(headers: IncomingHttpHeaders, token: string): AdminRefusal | undefined {
  const given = one(headers[ADMIN_TOKEN_HEADER]);
  if (given === undefined || !sameSecret(given, token)) {
    return {
      status: 401,
      error: `${given === undefined ? "missing" : "wrong"} ${ADMIN_TOKEN_HEADER} header: send the token from the target profile (or the pod's ADMIN_TOKEN)`,
      headers: { "www-authenticate": `MeshcheckToken header="${ADMIN_TOKEN_HEADER}"` },
    };
  }
  const type = (one(headers["content-type"]) ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    return { status: 415, error: `content-type ${type ? JSON.stringify(type) : "missing"}: send application/json` };
  }
  return undefined;
}

/** Both checks, in order: what a request to an endpoint that acts must pass. */
export function refuseAdminRequest(headers: IncomingHttpHeaders, token: string): AdminRefusal | undefined {
  return refuseBrowser(headers) ?? refuseCaller(headers, token);
}
