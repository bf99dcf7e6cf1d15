// Profile samples shared by the profile tests: a hand-written sketch of a profile, and a fully
// populated object typed as TargetProfile (the type derived from the schema, so a field the
// schema loses or renames fails to compile here).

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import type { TargetProfile } from "../../spec/profile/types.js";
import { validateProfile } from "../../harness/profile/validate.js";
import { ProfileError } from "../../harness/profile/profile-error.js";

export const SKETCH_YAML = `# A hand-written profile, as a user would write one, with ports filled in.
apiVersion: meshcheck/v1
kind: TargetProfile
name: local
identify: { header: x-version, jsonField: version }
vantages:
  outside:      { kind: direct }
  workshop-app: { kind: forwarder, url: "http://127.0.0.1:9001/forward", token: sample-admin-token-0001,
                  identity: "spiffe://cluster.local/ns/workshop-app/sa/workshop-app" }
  intruder:     { kind: forwarder, url: "http://127.0.0.1:9002/forward", token: sample-admin-token-0001,
                  identity: "spiffe://cluster.local/ns/workshop-app/sa/intruder" }
  cert-holder:  { kind: tls, cert: certs/client.crt, key: certs/client.key, ca: certs/ca.crt }
routing:
  - name: env-header
    url: http://127.0.0.1:8080/
    host: workshop-app.local
    rules:
      - match: { headers: { x-env: { exact: dev } } }
        destination: dev
      - destination: prod
canary:
  - name: workshop-canary
    url: http://127.0.0.1:8080/
    host: canary.workshop-app.local
    weights: { v1: 90, v2: 10 }
mtls:
  - name: workshop-app-strict
    plaintext: { url: "http://127.0.0.1:8081/" }
    control:   { vantage: workshop-app, url: "http://workshop-app-v1.workshop-app:8080/" }
authz:
  - name: workshop-get-only
    url: http://workshop-app-v1.workshop-app:8080/
    allow: [ { vantage: workshop-app, methods: [GET] } ]
    deny:  [ { vantage: workshop-app, methods: [POST, PUT, PATCH, DELETE] },
             { vantage: intruder, methods: [GET] } ]
`;

/** Every optional field set, typed as the seam (TargetProfile, derived from the schema). */
export function fullProfile(): TargetProfile {
  return {
    apiVersion: "meshcheck/v1",
    kind: "TargetProfile",
    name: "full",
    identify: { header: "x-version", jsonField: "version" },
    vantages: {
      outside: { kind: "direct" },
      fwd: { kind: "forwarder", url: "https://127.0.0.1:9001/forward", token: "sample-admin-token-0001", identity: "spiffe://cluster.local/ns/a/sa/b" },
      holder: { kind: "tls", cert: "certs/client.crt", key: "certs/client.key", ca: "certs/ca.crt", servername: "gw.local" },
    },
    routing: [
      {
        name: "r",
        url: "http://127.0.0.1:8080/",
        host: "a.local",
        vantage: "outside",
        rules: [
          { match: { headers: { "x-a": { exact: "1" }, "x-b": { prefix: "p" }, "x-c": { regex: "^v[0-9]+$" } } }, destination: "a" },
          { match: {}, destination: "b" },
          { destination: "c" },
        ],
      },
    ],
    canary: [{ name: "c", url: "http://127.0.0.1:8080/", host: "c.local", vantage: "fwd", weights: { v1: 33.3, v2: 66.7, v3: 0 } }],
    mtls: [{ name: "m", plaintext: { url: "http://127.0.0.1:8081/", vantage: "outside" }, control: { vantage: "fwd", url: "http://svc:8080/" } }],
    authz: [
      {
        name: "z",
        url: "http://svc:8080/",
        allow: [{ vantage: "fwd", methods: ["GET"], path: "/ok" }],
        deny: [{ vantage: "holder", methods: ["POST", "DELETE"] }],
      },
    ],
    timeouts: [{ name: "t", url: "http://127.0.0.1:8080/", host: "t.local", vantage: "outside", timeoutMs: 500, path: "/delay/2000", controlPath: "/delay/100" }],
    retries: [{ name: "r", url: "http://127.0.0.1:8080/", host: "r.local", vantage: "fwd", attempts: 2, retryOn: "5xx", path: "/?failRatio=0.5&failStatus=500", failRatio: 0.5 }],
    faultInjection: [
      { name: "f", url: "http://127.0.0.1:8080/", host: "f.local", vantage: "outside", abort: { percent: 20, httpStatus: 503 }, delay: { percent: 10.5, fixedDelayMs: 200 } },
    ],
    circuitBreaking: [{ name: "cb", url: "http://127.0.0.1:8080/", host: "b.local", vantage: "outside", maxActive: 1, maxPending: 1, slowPath: "/delay/300" }],
    outlierDetection: [
      {
        name: "od",
        url: "http://127.0.0.1:8080/",
        host: "o.local",
        consecutiveErrors: 3,
        intervalMs: 1000,
        baseEjectionTimeMs: 2000,
        maxEjectionPercent: 50,
        path: "/?failStatus=500",
        endpoints: [{ destination: "steady", failRatio: 0 }, { destination: "flaky", failRatio: 1 }],
      },
    ],
    disruption: [
      { name: "d", url: "http://127.0.0.1:8080/", host: "a.local", destination: "prod", ratePerSec: 40, warmupMs: 500, settleMs: 1000, budget: 0.02, restart: { kind: "local", url: "http://127.0.0.1:9000/restart/ns/prod", token: "sample-admin-token-0001" } },
      { name: "k", url: "http://127.0.0.1:8080/", destination: "prod", ratePerSec: 20, warmupMs: 2000, settleMs: 5000, budget: 0, restart: { kind: "kubernetes", namespace: "ns", deployment: "prod", context: "kind-x" } },
    ],
  };
}

/** A 0700 temp dir (mkdtemp's mode) holding placeholder cert files; remove() deletes it. */
export async function profileDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "meshcheck-profile-"));
  await mkdir(join(dir, "certs"));
  for (const f of ["client.crt", "client.key", "ca.crt"]) await writeFile(join(dir, "certs", f), "placeholder\n");
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

// A profile loosely typed, so a test can write what the types forbid.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = Record<string, any>;

/** Applies `edit` to the full sample and returns validateProfile's one-line error message. */
export function profileErrorOf(edit: (p: Loose) => void, baseDir: string): string {
  const p = fullProfile() as unknown as Loose;
  edit(p);
  try {
    validateProfile(p, "prof.yaml", { baseDir });
  } catch (e) {
    assert.ok(e instanceof ProfileError, `not a ProfileError: ${String(e)}`);
    assert.ok(!e.message.includes("\n"), `message is not one line: ${e.message}`);
    return e.message;
  }
  assert.fail("profile was accepted");
}
