// Loading the echo image (kind/scripts/echo-image.sh), run for real against a stand-in docker and
// kind: the image is saved for the Docker server's own platform only (what makes the load work
// under Docker's containerd image store, kubernetes-sigs/kind#3795) and loaded as an archive; an
// older Docker, whose save has no --platform, saves without it. Never `kind load docker-image`.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("echo image into kind: one platform, by archive", function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "meshcheck-echo-image-"));
    const stub = (name: string, body: string) => {
      writeFileSync(join(dir, name), `#!/usr/bin/env bash\necho "${name} $*" >> "${dir}/calls.log"\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    };
    // docker: `version --format` answers the server platform; `image save --help` lists
    // --platform unless OLD_DOCKER; `image save ... -o FILE` writes FILE.
    stub(
      "docker",
      `case "$1 $2" in
  "version --format") echo linux/arm64 ;;
  "image save")
    if [ "$3" = --help ]; then [ -n "$OLD_DOCKER" ] && echo "  -o, --output string" || echo "      --platform stringArray"; exit 0; fi
    while [ $# -gt 0 ]; do [ "$1" = -o ] && { echo archive > "$2"; }; shift; done ;;
esac`,
    );
    stub("kind", `[ "$2" = image-archive ] && [ ! -s "$3" ] && { echo "no archive at $3" >&2; exit 1; }; exit 0`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function load(env: Record<string, string> = {}): Promise<{ code: number; stderr: string; calls: string[] }> {
    const script = 'source kind/scripts/lib.sh && source kind/scripts/echo-image.sh && ECHO_IMAGE="meshcheck/echo:$(echo_image_tag)" && load_echo_image';
    return new Promise((resolve) => {
      execFile("bash", ["-c", script], { cwd: ROOT, timeout: 20_000, env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, DRY_RUN: "0", KIND_CLUSTER: `echo-image-test-${process.pid}`, ...env } }, (err, _out, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stderr, calls: readFileSync(join(dir, "calls.log"), "utf8").trim().split("\n") }),
      );
    });
  }

  it("builds the content tag, saves only the server's platform, loads the archive, then removes it", async () => {
    const r = await load();
    assert.equal(r.code, 0, r.stderr);
    const state = join(ROOT, `.tmp/kind/echo-image-test-${process.pid}`);
    try {
      const archive = join(state, "echo-image.tar");
      const calls = r.calls.filter((c) => !c.startsWith("docker image save --help"));
      assert.match(calls[0] ?? "", /^docker build -f \S+\/apps\/echo\/Dockerfile -t meshcheck\/echo:[0-9a-f]{12} \S+$/);
      const tag = /-t (\S+)/.exec(calls[0] ?? "")?.[1];
      assert.deepEqual(calls.slice(1), ["docker version --format {{.Server.Os}}/{{.Server.Arch}}", `docker image save --platform linux/arm64 -o ${archive} ${tag}`, `kind load image-archive ${archive} --name echo-image-test-${process.pid}`]);
      assert.ok(!existsSync(archive), "the archive is not left behind");
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  it("a Docker whose save has no --platform (the classic image store only): saves without it", async () => {
    const r = await load({ OLD_DOCKER: "1" });
    assert.equal(r.code, 0, r.stderr);
    rmSync(join(ROOT, `.tmp/kind/echo-image-test-${process.pid}`), { recursive: true, force: true });
    const save = r.calls.find((c) => c.startsWith("docker image save -o"));
    assert.ok(save, r.calls.join("\n"));
    assert.ok(!r.calls.some((c) => c.includes("--platform") && !c.includes("--help")));
    assert.ok(!r.calls.some((c) => c.startsWith("kind load docker-image")));
  });
});
