// bin/k6-run, the runner behind `make k6`: it must hand CI k6's own exit code (make cannot),
// run k6 with auto extension resolution off, and pass absolute paths. The k6 here is a stand-in
// process that records how it was started and exits with the code it is told to: this tests the
// runner's plumbing, never k6's behaviour.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("bin/k6-run", () => {
  let dir = "";
  let standIn = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "meshcheck-k6-run-"));
    standIn = join(dir, "k6");
    writeFileSync(
      standIn,
      `#!/bin/sh\nif [ "$1" = version ]; then echo "k6 v2.2.0 (go1.25, linux/amd64)"; exit 0; fi\nprintf '%s\\n' "$@" > "${dir}/args"\nprintf 'AUTO=%s\\nSSL=%s\\n' "$K6_AUTO_EXTENSION_RESOLUTION" "$SSL_CERT_FILE" > "${dir}/env"\nexit "$STAND_IN_EXIT"\n`,
    );
    chmodSync(standIn, 0o755);
    const vantages = { holder: { kind: "tls", cert: "c.pem", key: "k.pem", ca: "certs/ca.pem" }, spare: { kind: "tls", cert: "c.pem", key: "k.pem", ca: "/other/ca.pem" } };
    writeFileSync(join(dir, "profile.json"), JSON.stringify({ name: "p", vantages, mtls: [{ name: "m", control: { vantage: "holder", url: "https://h/" }, plaintext: { url: "http://h/" } }] }));
    writeFileSync(join(dir, "unused.json"), JSON.stringify({ name: "p", vantages }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string>, args: string[] = []) =>
    spawnSync("bin/k6-run", args, { env: { PATH: process.env.PATH ?? "", K6: standIn, PROFILE: join(dir, "profile.json"), REPORTS_DIR: join(dir, "out/reports"), ...env }, encoding: "utf8", timeout: 30_000 });

  for (const code of [0, 99, 107, 108]) {
    it(`exits ${code} when k6 does`, () => {
      const r = run({ STAND_IN_EXIT: String(code), SCENARIO: "canary" });
      assert.equal(r.status, code, r.stderr);
      assert.match(r.stderr, new RegExp(`k6-run: canary \\(testid mc-\\d{8}T\\d{6}Z-\\d+\\) exited ${code}: `));
    });
  }

  it("runs k6 with auto extension resolution off, absolute paths, the reports directory made, the profile's CA trusted", () => {
    const r = run({ STAND_IN_EXIT: "0", SCENARIO: "load", TESTID: "ci-7", SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt" }, ["-e", "RATE=20"]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(dir, "out/reports")));
    const args = readFileSync(join(dir, "args"), "utf8").trim().split("\n");
    assert.deepEqual(args, ["run", "-e", `PROFILE=${join(dir, "profile.json")}`, "-e", `REPORTS_DIR=${join(dir, "out/reports")}`, "-e", "TESTID=ci-7", "-e", "RATE=20", "scenarios/load.ts"]);
    assert.equal(readFileSync(join(dir, "env"), "utf8"), `AUTO=false\nSSL=${join(dir, "certs/ca.pem")}\n`);
  });

  it("leaves SSL_CERT_FILE alone when no section sends from a tls vantage", () => {
    const r = run({ STAND_IN_EXIT: "0", SCENARIO: "canary", PROFILE: join(dir, "unused.json"), SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(dir, "env"), "utf8"), /^AUTO=false\nSSL=\/etc\/ssl\/certs\/ca-certificates\.crt\n$/);
  });

  it("says disruption.ts needs the xk6 build, and exits 107, before stock k6 tries to build one", () => {
    const r = run({ STAND_IN_EXIT: "0", SCENARIO: "disruption" });
    assert.equal(r.status, 107);
    assert.match(r.stderr, /disruption\.ts needs a k6 built with xk6-disruptor.*make k6-build/);
  });

  it("names a missing profile or scenario in one line (107)", () => {
    assert.match(run({ STAND_IN_EXIT: "0", SCENARIO: "nope" }).stderr, /^k6-run: no scenarios\/nope\.ts; SCENARIO is one of/);
    const r = run({ STAND_IN_EXIT: "0", PROFILE: join(dir, "missing.json") });
    assert.equal(r.status, 107);
    assert.match(r.stderr, /PROFILE=.*missing\.json: no such file/);
  });
});
