// The target profile kind/manifests promise, pinned. Every expectation a check tests (weights,
// routing rules, the mTLS and authz request sets, resilience numbers) is derived from the
// manifests by code; this golden file is the independent record of what that code must derive,
// so a subtly wrong derivation fails here rather than silently agreeing with a wrong mesh.
// Ports, the key directory and any per-start secret (a `token` field) change every start: ports
// become the listener's name, the rest a placeholder.
//
// To change it deliberately (a manifest or a derivation changed on purpose):
//   MESHCHECK_UPDATE_GOLDEN=1 npx mocha --no-config --node-option import=tsx test/local-mesh/golden-profile.test.ts
// then review `git diff test/local-mesh/golden-profile.json` and commit it with the change.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startLocalMesh } from "../../local-mesh/index.js";
import type { TargetProfile } from "../../spec/profile/types.js";

const GOLDEN = fileURLToPath(new URL("./golden-profile.json", import.meta.url));
const UPDATE_ENV = "MESHCHECK_UPDATE_GOLDEN";

/** The profile as JSON with each 127.0.0.1 port named for its listener, the key dir as `<keys>`, tokens as `<token>`. */
function normalise(profile: TargetProfile, addresses: Record<string, string>, keyDir: string): unknown {
  const names = new Map<string, string>();
  for (const [name, url] of Object.entries(addresses)) {
    const port = new URL(url).port;
    if (!names.has(port)) names.set(port, name);
  }
  const text = JSON.stringify(profile)
    .replaceAll(keyDir, "<keys>")
    .replace(/127\.0\.0\.1:(\d+)/g, (whole, port: string) => (names.has(port) ? `<${names.get(port)}>` : whole));
  return JSON.parse(text, (key, value: unknown) => (key === "token" && typeof value === "string" ? "<token>" : value));
}

describe("golden profile of kind/manifests", function () {
  this.timeout(60_000);

  it("the local mesh's profile is exactly test/local-mesh/golden-profile.json", async function () {
    const mesh = await startLocalMesh();
    let got: unknown;
    try {
      got = normalise(mesh.profile, mesh.addresses, mesh.keyDir);
    } finally {
      await mesh.stop();
    }
    if (process.env[UPDATE_ENV] === "1") {
      writeFileSync(GOLDEN, JSON.stringify(got, null, 2) + "\n");
      // Not a pass: nothing was compared. Review the diff and commit it.
      this.skip();
    }
    const want: unknown = JSON.parse(readFileSync(GOLDEN, "utf8"));
    assert.deepEqual(
      got,
      want,
      `the profile derived from kind/manifests differs from ${GOLDEN}. If the change is intended, regenerate it with ` +
        `${UPDATE_ENV}=1 npx mocha --no-config --node-option import=tsx test/local-mesh/golden-profile.test.ts and review the git diff`,
    );
  });
});
