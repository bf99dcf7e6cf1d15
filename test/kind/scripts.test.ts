// The cluster path without a cluster: the scripts' documented order of steps (DRY_RUN=1 prints
// each command instead of running it), the make targets that call them, the prerequisite
// check, and the example nightly workflow calling make targets that exist.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { kindPlan } from "../../harness/targets/kind-plan.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function sh(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** The printed commands, in order. */
async function dryRun(script: string, env: Record<string, string> = {}): Promise<string[]> {
  const r = await sh("bash", [`kind/scripts/${script}`], { DRY_RUN: "1", ...env });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split("\n").map((l) => l.replace(/^\+ /, "").replaceAll(ROOT, "").replaceAll(ROOT.slice(0, -1), "."));
}

/** Each pattern matches a later line than the one before. */
function inOrder(lines: string[], patterns: RegExp[]): void {
  let at = -1;
  for (const p of patterns) {
    const i = lines.findIndex((l, k) => k > at && p.test(l));
    assert.ok(i > at, `${p} not found after line ${at}:\n${lines.join("\n")}`);
    at = i;
  }
}

describe("kind scripts and make targets (no cluster)", function () {
  this.timeout(30_000);

  it("make cluster: pins, preflight, kind at the pinned node image, config record, helm repos, Istio, namespaces, echo image by archive, manifests, rollouts, istioctl analyze, addons", async () => {
    const lines = await dryRun("cluster-up.sh");
    inOrder(lines, [
      /^# pins: kind v0\.33\.0, node image kindest\/node:v1\.35\.8@sha256:[0-9a-f]{64}, Istio 1\.29\.2 .*prometheus chart 29\.36\.1/,
      /meshcheck\.js preflight kind$/,
      /^kind create cluster --name meshcheck --image kindest\/node:v1\.35\.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0 --config \.tmp\/kind\/meshcheck\/cluster\.yaml --wait 120s$/,
      /^kubectl --context kind-meshcheck -n kube-system create configmap meshcheck-kind-config --from-literal=sha256=[0-9a-f]{64} --from-file=cluster\.yaml=\.tmp\/kind\/meshcheck\/cluster\.yaml$/,
      /^helm repo add istio https:\/\/istio-release\.storage\.googleapis\.com\/charts/,
      /^helm repo add kiali https:\/\/kiali\.org\/helm-charts/,
      /^helm repo update/,
      // The Gateway API CRDs, pinned and vendored, before any of Istio.
      /^kubectl --context kind-meshcheck apply --server-side -f vendor\/gateway-api\/v1\.4\.0\/crds$/,
      /^kubectl --context kind-meshcheck wait --for=condition=Established --timeout=60s -f vendor\/gateway-api\/v1\.4\.0\/crds$/,
      /^helm upgrade --install istio-base istio\/base --kube-context kind-meshcheck -n istio-system --create-namespace --version 1\.29\.2/,
      /^helm upgrade --install istiod istio\/istiod .*--version 1\.29\.2 -f kind\/helm\/istiod-values\.yaml/,
      /^helm upgrade --install istio-ingress istio\/gateway .*--version 1\.29\.2 -f kind\/helm\/gateway-values\.yaml/,
      /^kubectl --context kind-meshcheck apply -f kind\/manifests\/00-namespaces\.yaml$/,
      /^kubectl --context kind-meshcheck -n workshop-app create -f - <Secret meshcheck-admin with a random token on stdin, unless it exists>$/,
      /^kubectl --context kind-meshcheck -n outside create -f - <Secret meshcheck-admin with a random token on stdin, unless it exists>$/,
      /^docker build -f apps\/echo\/Dockerfile -t meshcheck\/echo:[0-9a-f]{12} \.$/,
      /^docker image save --platform \S+ -o \.tmp\/kind\/meshcheck\/echo-image\.tar meshcheck\/echo:[0-9a-f]{12}$/,
      /^kind load image-archive \.tmp\/kind\/meshcheck\/echo-image\.tar --name meshcheck$/,
      /^kubectl --context kind-meshcheck apply -f \.tmp\/kind\/meshcheck\/manifests$/,
      /^kubectl --context kind-meshcheck -n workshop-app rollout status deployment\/workshop-app-v1 --timeout=300s$/,
      /^kubectl --context kind-meshcheck -n outside rollout status deployment\/outsider --timeout=300s$/,
      // The Gateway API routes after the workloads, then the gateway Istio deploys (<gateway>-istio).
      /^kubectl --context kind-meshcheck apply -f kind\/manifests\/gateway-api$/,
      /^kubectl --context kind-meshcheck -n workshop-app wait --for=condition=Programmed gateway\/workshop-gateway-api --timeout=300s$/,
      /^kubectl --context kind-meshcheck -n workshop-app rollout status deployment\/workshop-gateway-api-istio --timeout=300s$/,
      /^curl -fsSL .* https:\/\/github\.com\/istio\/istio\/releases\/download\/1\.29\.2\/istioctl-1\.29\.2-(linux|osx)\S*\.tar\.gz$/,
      /istioctl analyze --context kind-meshcheck -n workshop-app$/,
      /istioctl analyze --context kind-meshcheck -n outside$/,
      /^helm upgrade --install prometheus prometheus-community\/prometheus --kube-context kind-meshcheck -n monitoring .*--version 29\.36\.1 -f kind\/addons\/prometheus-values\.yaml/,
      /^helm upgrade --install kiali-server kiali\/kiali-server --kube-context kind-meshcheck -n istio-system .*-f kind\/addons\/kiali-values\.yaml/,
    ]);
    // Not the load that fails under Docker's containerd image store (kubernetes-sigs/kind#3795).
    assert.ok(!lines.some((l) => l.includes("kind load docker-image")), lines.join("\n"));
  });

  it("the admin Secret it creates is the one every forwarder Deployment's ADMIN_TOKEN names, in each forwarder's namespace", async () => {
    const lines = await dryRun("cluster-up.sh");
    const created = lines.flatMap((l) => {
      const m = /^kubectl --context kind-meshcheck -n (\S+) create -f - <Secret (\S+) /.exec(l);
      return m ? [`${m[1]}/${m[2]}`] : [];
    });
    const needed = [...new Set(kindPlan(join(ROOT, "kind"), "meshcheck").forwarders.map((f) => `${f.namespace}/${f.tokenSecret.name}`))];
    assert.ok(needed.length > 0);
    for (const n of needed) assert.ok(created.includes(n), `${n} is not created: ${created.join(", ")}`);
  });

  it("admin_secret: a random token on kubectl's stdin, never on its command line; an existing Secret is kept", async () => {
    const bin = mkdtempSync(join(tmpdir(), "meshcheck-kubectl-"));
    try {
      // A kubectl that logs its arguments and stdin; `get` finds the Secret once the marker exists.
      writeFileSync(join(bin, "kubectl"), `#!/bin/bash\nprintf '%s\\n' "$*" >> "${bin}/args"\nif [[ " $* " == *" get "* ]]; then [[ -e "${bin}/exists" ]]; exit; fi\ncat >> "${bin}/stdin"\n`);
      chmodSync(join(bin, "kubectl"), 0o755);
      const call = () => sh("bash", ["-c", "source kind/scripts/lib.sh && admin_secret workshop-app"], { PATH: `${bin}:${process.env.PATH ?? ""}`, DRY_RUN: "0" });
      const first = await call();
      assert.equal(first.code, 0, first.stderr);
      const stdin = readFileSync(join(bin, "stdin"), "utf8");
      const secret = parse(stdin) as { kind: string; metadata: { name: string; namespace: string }; stringData: { token: string } };
      assert.equal(secret.kind, "Secret");
      assert.deepEqual(secret.metadata, { name: "meshcheck-admin", namespace: "workshop-app" });
      assert.match(secret.stringData.token, /^[0-9a-f]{64}$/);
      const args = readFileSync(join(bin, "args"), "utf8");
      assert.ok(!args.includes(secret.stringData.token), `the token is on a command line:\n${args}`);
      assert.match(args, /-n workshop-app create -f -/);

      writeFileSync(join(bin, "exists"), "");
      rmSync(join(bin, "stdin"));
      const again = await call();
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /Secret workshop-app\/meshcheck-admin exists; keeping its token/);
      assert.ok(!existsSync(join(bin, "stdin")), "nothing was created the second time");
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("one echo image, tagged by content: the tag built, saved, and named by every echo container in the applied manifests", async () => {
    const lines = await dryRun("cluster-up.sh");
    const built = /^docker build .* -t (meshcheck\/echo:[0-9a-f]{12}) /.exec(lines.find((l) => l.startsWith("docker build")) ?? "")?.[1];
    assert.ok(built, lines.join("\n"));
    assert.ok(lines.some((l) => l.startsWith("docker image save") && l.endsWith(` ${built}`)));
    const rendered = join(ROOT, ".tmp/kind/meshcheck/manifests");
    const images = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".yaml")).flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/image:\s*(\S+)/g)].map((m) => m[1] ?? ""));
    const source = images(join(ROOT, "kind/manifests"));
    assert.ok(source.filter((i) => i.startsWith("meshcheck/echo:")).length >= 8, "every echo Deployment in kind/manifests");
    // Each echo image now names the built tag; any other image is left as written.
    assert.deepEqual(images(rendered), source.map((i) => (i.startsWith("meshcheck/echo:") ? built : i)));
  });

  it("every kubectl, helm and istioctl call names the cluster's context; none switches the user's", async () => {
    for (const [script, env] of [["cluster-up.sh", {}], ["cluster-up.sh", { KIND_CLUSTER: "ci" }], ["upgrade.sh", {}], ["addons.sh", {}], ["upgrade.sh", { KIND_CLUSTER: "ci" }]] as const) {
      const ctx = `kind-${(env as { KIND_CLUSTER?: string }).KIND_CLUSTER ?? "meshcheck"}`;
      const lines = await dryRun(script, env);
      const kube = lines.filter((l) => /^(kubectl|helm|\S*istioctl) /.test(l) && !l.startsWith("helm repo "));
      assert.ok(kube.length >= (script === "addons.sh" ? 2 : 8), `${script}: ${kube.length} calls`);
      for (const l of kube) {
        const flag = l.startsWith("helm ") ? "--kube-context" : "--context";
        assert.ok(l.includes(` ${flag} ${ctx} `), `${script}: ${l}`);
      }
      assert.ok(!lines.some((l) => / config (use|set)-context/.test(l)), script);
    }
  });

  it("make upgrade: before run, steady load in the background, helm upgrade to ISTIO_TO, rollout restart, load stopped, after run, diff", async () => {
    const lines = await dryRun("upgrade.sh", { ISTIO_TO: "1.30.1" });
    inOrder(lines, [
      /meshcheck\.js preflight/,
      /meshcheck\.js run --target kind --out \S+\/before/,
      /meshcheck\.js load --target kind --rate 20 --budget 0\.01 --out \S+\/load\.json &$/,
      /^helm upgrade --install istio-base istio\/base .*--version 1\.30\.1/,
      /^helm upgrade --install istiod .*--version 1\.30\.1/,
      /^helm upgrade --install istio-ingress .*--version 1\.30\.1/,
      // One Deployment at a time, each waited for before the next is restarted.
      /-n workshop-app rollout restart deployment\/workshop-app-v1$/,
      /-n workshop-app rollout status deployment\/workshop-app-v1 --timeout=300s$/,
      /-n workshop-app rollout restart deployment\/workshop-app-v2$/,
      /-n workshop-app rollout status deployment\/workshop-app-v2 --timeout=300s$/,
      /-n outside rollout restart deployment\/outsider$/,
      /-n outside rollout status deployment\/outsider --timeout=300s$/,
      /^kill -INT/,
      /meshcheck\.js run --target kind --out \S+\/after/,
      /meshcheck\.js diff \S+\/before\/run\.json \S+\/after\/run\.json$/,
    ]);
    // Every Deployment of kind/manifests restarted, each restart followed at once by its own wait.
    const restarts = lines.flatMap((l, i) => (/ rollout restart /.test(l) ? [[l, lines[i + 1] ?? ""] as const] : []));
    const deployments = readdirSync(join(ROOT, "kind/manifests")).filter((f) => f.endsWith(".yaml")).flatMap((f) => [...readFileSync(join(ROOT, "kind/manifests", f), "utf8").matchAll(/^kind: Deployment$/gm)]);
    assert.equal(restarts.length, deployments.length);
    for (const [restart, next] of restarts) {
      const target = / rollout restart (deployment\/\S+)$/.exec(restart)?.[1];
      assert.ok(target, `names one Deployment: ${restart}`);
      assert.match(next, new RegExp(` rollout status ${target} --timeout=\\d+s$`));
    }
  });

  it("make down: deletes the cluster", async () => {
    assert.deepEqual(await dryRun("down.sh"), ["kind delete cluster --name meshcheck"]);
  });

  it("make -n: the targets call the scripts and the kind target", async () => {
    const r = await sh("make", ["-n", "--no-print-directory", "cluster", "conformance", "upgrade", "down", "ISTIO_TO=1.30.1"]);
    assert.equal(r.code, 0, r.stderr);
    inOrder(r.stdout.split("\n"), [/^bash kind\/scripts\/cluster-up\.sh$/, /meshcheck\.js run --target kind/, /^bash kind\/scripts\/upgrade\.sh$/, /^bash kind\/scripts\/down\.sh$/]);
  });

  it("make's k6-operator targets name the kind context on every kubectl too (make cluster no longer switches the current one)", async () => {
    const r = await sh("make", ["-n", "--no-print-directory", "k6-operator-install", "k6-operator-run", "k6-operator-wait", "k6-operator-delete", "KIND_CLUSTER=ci"]);
    assert.equal(r.code, 0, r.stderr);
    const calls = [...r.stdout.matchAll(/\bkubectl\b[^|\n]*/g)].map((m) => m[0]);
    assert.ok(calls.length >= 8, r.stdout);
    for (const c of calls) assert.match(c, /^kubectl --context kind-ci /);
  });

  it("missing tools: every one named, exit 2", async () => {
    const bin = mkdtempSync(join(tmpdir(), "meshcheck-path-"));
    try {
      symlinkSync("/usr/bin/dirname", join(bin, "dirname")); // all the scripts need besides bash builtins
      const r = await sh("/bin/bash", ["kind/scripts/cluster-up.sh"], { PATH: bin, DRY_RUN: "0" });
      assert.equal(r.code, 2);
      assert.equal(r.stderr.trim(), 'cluster-up.sh: missing required tool(s): docker kind helm kubectl node (see kind/README.md "Prerequisites")');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("the nightly workflow parses and runs make targets that exist, keeping reports and JUnit", () => {
    const wf = parse(readFileSync(join(ROOT, ".github/workflows/nightly.yml"), "utf8")) as { jobs: Record<string, { steps: { run?: string; uses?: string; with?: { path?: string } }[] }> };
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const makefile = readFileSync(join(ROOT, "Makefile"), "utf8");
    const targets = steps.flatMap((s) => [...(s.run ?? "").matchAll(/\bmake (\w[\w-]*)/g)].map((m) => m[1] ?? ""));
    assert.deepEqual([...new Set(targets)], ["cluster", "conformance", "down"]);
    for (const t of targets) assert.match(makefile, new RegExp(`^${t}:`, "m"), `make ${t} exists`);
    assert.ok(steps.some((s) => s.uses?.startsWith("helm/kind-action@")));
    assert.ok(steps.some((s) => (s.run ?? "").includes("--pushgateway http://127.0.0.1:9091")));
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    assert.match(upload?.with?.path ?? "", /junit\.xml/);
  });
});
