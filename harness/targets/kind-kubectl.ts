// kubectl, as the kind driver's only way into the cluster. @kubernetes/client-node 2.x needs
// Node >= 22.19 (its undici 8) and cannot load on this project's Node 20, so the driver runs
// the kubectl that `make cluster` already requires. Every call names the kind context
// explicitly, never the current one.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { CannotTestError } from "../errors.js";

/** The kubectl to run (KUBECTL overrides, e.g. a wrapper or a test double). */
const kubectlBin = () => process.env.KUBECTL || "kubectl";

function firstLine(s: string): string {
  return s.trim().split("\n")[0] ?? "";
}

/** Runs kubectl; resolves with stdout, rejects with CannotTestError naming what failed. */
export function kubectl(args: string[], what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(kubectlBin(), args, { timeout: 20_000 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(new CannotTestError(`--target kind: kubectl is not on PATH (install it; kind/README.md "Prerequisites")`));
      }
      reject(new KubectlError(`${what}: ${firstLine(stderr) || err.message}`, stderr));
    });
  });
}

export class KubectlError extends CannotTestError {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export interface PortForward {
  /** http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

/**
 * `kubectl port-forward deployment/NAME :PORT --address 127.0.0.1`: an ephemeral port on
 * loopback only. Resolves once kubectl says where it listens.
 */
export function portForward(context: string, namespace: string, deployment: string, port: number): Promise<PortForward> {
  const child: ChildProcess = spawn(kubectlBin(), ["--context", context, "-n", namespace, "port-forward", `deployment/${deployment}`, `:${port}`, "--address", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const fail = (why: string) => reject(new CannotTestError(`--target kind: port-forward to ${namespace}/${deployment}:${port} failed: ${why}`));
    child.once("error", (e: NodeJS.ErrnoException) => fail(e.code === "ENOENT" ? "kubectl is not on PATH" : e.message));
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ origin: `http://127.0.0.1:${m[1]}`, close });
    });
    void exited.then(() => fail(firstLine(err) || `kubectl exited (${child.exitCode ?? child.signalCode})`));
  });
}
