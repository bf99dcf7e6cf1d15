// The pinned istioctl for `istioctl analyze` (kind/scripts/istioctl.sh), run for real against a
// stand-in curl that serves a release archive and its .sha256 from a temp dir: an istioctl on
// PATH at the pinned version is used as is; otherwise the archive is downloaded, checked against
// its published sha256 and cached; a mismatch or a failed download is one line and no istioctl.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Result {
  code: number;
  bin: string;
  stderr: string;
  curls: string[];
}

describe("istioctl at the pinned version", function () {
  this.timeout(30_000);
  let dir: string;
  let served: string;
  let stubs: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "meshcheck-istioctl-"));
    served = join(dir, "served");
    stubs = join(dir, "bin");
    mkdirSync(join(served, "pkg"), { recursive: true });
    mkdirSync(stubs);
    // The release archive: one istioctl at its top level, as Istio publishes it.
    writeFileSync(join(served, "pkg/istioctl"), '#!/bin/sh\necho "client version: 1.29.2 (downloaded)"\n');
    chmodSync(join(served, "pkg/istioctl"), 0o755);
    execFileSync("tar", ["-czf", join(served, "archive.tar.gz"), "-C", join(served, "pkg"), "istioctl"]);
    const sha = createHash("sha256").update(readFileSync(join(served, "archive.tar.gz"))).digest("hex");
    writeFileSync(join(served, "archive.sha256"), `${sha}  istioctl-1.29.2-linux-amd64.tar.gz\n`);
    // curl -fsSL ... -o FILE URL: the archive, or its .sha256, from `served`; every call logged.
    writeFileSync(
      join(stubs, "curl"),
      `#!/usr/bin/env bash
echo "$*" >> "${dir}/curl.log"
[ -n "$CURL_FAIL" ] && exit 22
while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift 2 ;; *) url="$1"; shift ;; esac; done
case "$url" in *.sha256) cp "${served}/archive.sha256" "$out" ;; *) cp "${served}/archive.tar.gz" "$out" ;; esac
`,
    );
    chmodSync(join(stubs, "curl"), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function ensure(env: Record<string, string> = {}, pathFirst = stubs): Promise<Result> {
    const script = 'source kind/scripts/lib.sh && source kind/scripts/istioctl.sh && ensure_istioctl && printf %s "$ISTIOCTL_BIN"';
    return new Promise((resolve) => {
      execFile(
        "bash",
        ["-c", script],
        { cwd: ROOT, timeout: 20_000, env: { ...process.env, PATH: `${pathFirst}:${process.env.PATH}`, MESHCHECK_CACHE: join(dir, "cache"), ISTIO_VERSION: "1.29.2", ISTIOCTL: "", DRY_RUN: "0", ...env } },
        (err, stdout, stderr) => {
          const log = join(dir, "curl.log");
          resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, bin: stdout, stderr: stderr.trim(), curls: existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [] });
        },
      );
    });
  }

  it("an istioctl on PATH at the pinned version: used, nothing downloaded", async () => {
    writeFileSync(join(stubs, "istioctl"), '#!/bin/sh\necho "client version: 1.29.2"\n');
    chmodSync(join(stubs, "istioctl"), 0o755);
    const r = await ensure();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.bin, join(stubs, "istioctl"));
    assert.deepEqual(r.curls, []);
  });

  it("one at another version (1.29.20 is not 1.29.2): the release's archive is downloaded, checked and cached", async () => {
    writeFileSync(join(stubs, "istioctl"), '#!/bin/sh\necho "client version: 1.29.20"\n');
    chmodSync(join(stubs, "istioctl"), 0o755);
    const r = await ensure();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.bin, join(dir, "cache/istioctl-1.29.2/istioctl"));
    assert.match(execFileSync(r.bin).toString(), /1\.29\.2 \(downloaded\)/);
    assert.equal(r.curls.length, 2);
    assert.match(r.curls[0] ?? "", /https:\/\/github\.com\/istio\/istio\/releases\/download\/1\.29\.2\/istioctl-1\.29\.2-(linux|osx)\S*\.tar\.gz$/);
    assert.match(r.curls[1] ?? "", /\.tar\.gz\.sha256$/);
    // Cached: the next call downloads nothing.
    const again = await ensure();
    assert.equal(again.bin, r.bin);
    assert.equal(again.curls.length, 2);
  });

  it("an archive whose sha256 differs from the published one: refused, one line, nothing cached", async () => {
    writeFileSync(join(served, "archive.sha256"), `${"0".repeat(64)}  istioctl-1.29.2-linux-amd64.tar.gz\n`);
    const r = await ensure();
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^istioctl: istioctl-1\.29\.2-\S+\.tar\.gz has sha256 [0-9a-f]{64}, but its release says 0{64}; not using it$/);
    assert.ok(!existsSync(join(dir, "cache/istioctl-1.29.2/istioctl")));
  });

  it("a failed download: one line saying how to install it instead", async () => {
    const r = await ensure({ CURL_FAIL: "1" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^istioctl: could not download https:\/\/github\.com\/istio\/istio\/releases\/download\/1\.29\.2\/\S+; install istioctl 1\.29\.2 yourself and set ISTIOCTL=\/path\/to\/istioctl$/);
  });

  it("ISTIOCTL set: that one, unchecked and not downloaded", async () => {
    const r = await ensure({ ISTIOCTL: "/opt/istio/bin/istioctl" });
    assert.equal(r.bin, "/opt/istio/bin/istioctl");
    assert.deepEqual(r.curls, []);
  });
});
