// `meshcheck mesh up`: flags, the atomically written profile, and a clean stop on SIGTERM.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { meshUp } from "../../harness/cli/mesh-up.js";
import type { LocalMesh } from "../../local-mesh/index.js";
import { connectOutcome, portOf } from "../local-mesh/mesh-helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function capture() {
  const lines: string[] = [];
  return { lines, stderr: (l: string) => lines.push(l) };
}

describe("meshcheck mesh up", () => {
  let dir: string;
  let child: ChildProcess | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "meshcheck-cli-test-"));
  });
  after(async () => {
    child?.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  });

  it("an unknown flag or fault is one line and exit 2", async () => {
    for (const args of [["--nope"], ["--fault", "chaos"], ["extra"]]) {
      const io = capture();
      assert.equal(await meshUp(args, io), 2, args.join(" "));
      assert.equal(io.lines.length, 1, io.lines.join("\n"));
      assert.match(io.lines[0]!, /^meshcheck mesh up: /);
    }
  });

  it("--manifests: a missing directory, or a copy whose pod would crash-loop, is exit 2 naming the place", async () => {
    const missing = capture();
    assert.equal(await meshUp(["--manifests", join(dir, "nope")], missing), 2);
    assert.match(missing.lines.join("\n"), /^meshcheck mesh up: --manifests .*nope: not a directory/);

    const copy = join(dir, "manifests");
    await cp(join(ROOT, "kind/manifests"), copy, { recursive: true });
    const file = join(copy, "45-outlier-detection.yaml");
    const text = (await readFile(file, "utf8")).replace("              value: flaky\n", "              value: bogus\n");
    await writeFile(file, text);
    const io = capture();
    assert.equal(await meshUp(["--manifests", copy], io), 2);
    const line = text.split("\n").indexOf("              value: bogus") + 1;
    // Preflight runs first on the copy and lists the finding; the command then ends in one line.
    assert.ok(io.lines.some((l) => new RegExp(`45-outlier-detection\\.yaml:${line}: error: echo-config: Deployment workshop-app/workshop-outlier-flaky: .*VERSION must be one of`).test(l)), io.lines.join("\n"));
    assert.match(io.lines.at(-1)!, /^meshcheck mesh up: preflight found 1 configuration error/);
    await rm(copy, { recursive: true });
  });

  it("writes the profile as YAML, prints addresses, and stops everything on return", async () => {
    const out = join(dir, "profile.yaml");
    const io = capture();
    let mesh: LocalMesh | undefined;
    let release: () => void = () => {};
    const until = new Promise<void>((r) => (release = r));
    const code = await meshUp(["--fault", "authz-off", "--profile-out", out], {
      ...io,
      until,
      onUp: (m) => {
        mesh = m;
        release();
      },
    });
    assert.equal(code, 0);
    assert.ok(mesh);
    assert.deepEqual(parse(await readFile(out, "utf8")), mesh.profile);
    assert.deepEqual(await readdir(dir), ["profile.yaml"], "no temp file left behind");
    assert.equal((await stat(out)).mode & 0o777, 0o600, "the profile holds the run's admin tokens: owner-only");
    assert.ok(io.lines.some((l) => l.startsWith("gateway") && l.includes(mesh!.addresses.gateway!)));
    assert.ok(io.lines.includes("faults: authz-off"));
    assert.equal(await connectOutcome(portOf(mesh.addresses.gateway)), "ECONNREFUSED");
  });

  it("writes the profile as JSON when FILE ends in .json, the form k6 reads", async () => {
    const out = join(dir, "mesh.json");
    let mesh: LocalMesh | undefined;
    let release: () => void = () => {};
    const until = new Promise<void>((r) => (release = r));
    const code = await meshUp(["--profile-out", out], { ...capture(), until, onUp: (m) => ((mesh = m), release()) });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(await readFile(out, "utf8")), mesh!.profile);
    assert.equal((await stat(out)).mode & 0o777, 0o600);
  });

  it("runs in the foreground until SIGTERM, then exits 0", async () => {
    const script = `import("./harness/cli/mesh-up.ts").then(async (m) => { process.exitCode = await m.meshUp([]); });`;
    child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    const proc = child;
    const exited = new Promise<number | null>((r) => proc.once("exit", (c) => r(c)));
    await new Promise<void>((resolve, reject) => {
      proc.stderr?.on("data", (d: Buffer) => {
        err += d.toString();
        if (err.includes("local mesh up")) resolve();
      });
      proc.once("exit", () => reject(new Error(`exited early: ${err}`)));
    });
    const gateway = /^gateway\s+(\S+)$/m.exec(err)?.[1];
    proc.kill("SIGTERM");
    assert.equal(await exited, 0, err);
    child = undefined;
    assert.match(err, /local mesh stopped/);
    assert.equal(await connectOutcome(portOf(gateway)), "ECONNREFUSED");
  });
});
