// The admin endpoints' secret (forwarders, the local mesh's control listener): the header that
// carries it and what a valid one looks like. Runtime-neutral, so the echo app, the profile
// schema, the harness and the k6 scenarios all read the same rule.

/** The header carrying the per-run secret. */
export const ADMIN_TOKEN_HEADER = "x-meshcheck-token";
/** What a token may look like: long enough to be unguessable, safe in a header, YAML and env. */
export const ADMIN_TOKEN_PATTERN = "^[A-Za-z0-9._~+/=-]{16,512}$";
const TOKEN_RE = new RegExp(ADMIN_TOKEN_PATTERN);

/** Names the rule a token breaks, or undefined; never repeats the token itself. */
export function tokenProblem(token: string): string | undefined {
  return TOKEN_RE.test(token) ? undefined : `must be 16..512 characters of A-Z a-z 0-9 . _ ~ + / = - (got ${token.length} characters)`;
}
