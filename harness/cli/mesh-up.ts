// `meshcheck mesh up [--manifests DIR] [--fault F]... [--profile-out FILE]`: the local mesh in
// the foreground until SIGINT/SIGTERM (the profile as JSON when FILE ends in .json, else YAML). With --manifests it serves that copy of the mesh
// definition, after preflight has passed on it (as `meshcheck run` does). Addresses go to stderr; the profile, if asked, to a file written
// atomically (temp + rename) so a watcher never reads half of it.
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { startLocalMesh, type LocalMesh } from "../../local-mesh/index.js";
import { writeFileAtomic } from "../report/write.js";
import { checkManifestsDir } from "./run-args.js";
import { preflightGate } from "../preflight/gate.js";

const USAGE = "usage: meshcheck mesh up [--manifests DIR] [--fault F]... [--profile-out FILE]";

export interface MeshUpIo {
  stderr: (line: string) => void;
  /** Resolves when the mesh should stop (default: SIGINT or SIGTERM). */
  until?: Promise<unknown>;
  /** Called once the mesh is up (for tests and wrappers). */
  onUp?: (mesh: LocalMesh) => void;
}

function untilSignal(): { promise: Promise<unknown>; dispose: () => void } {
  let done: (v: unknown) => void = () => {};
  const promise = new Promise((r) => (done = r));
  const onSignal = (sig: NodeJS.Signals) => done(sig);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    promise,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

const oneLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0];

export async function meshUp(args: string[], io: MeshUpIo = { stderr: (l) => process.stderr.write(l + "\n") }): Promise<number> {
  let values: { fault?: string[]; "profile-out"?: string; manifests?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { fault: { type: "string", multiple: true }, "profile-out": { type: "string" }, manifests: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.stderr(`meshcheck mesh up: ${oneLine(err)}; ${USAGE}`);
    return 2;
  }

  let mesh: LocalMesh;
  const manifestsDir = values.manifests;
  try {
    if (manifestsDir !== undefined) {
      checkManifestsDir(manifestsDir);
      preflightGate(manifestsDir, (line) => io.stderr(line.replace(/\n$/, "")));
    }
    mesh = await startLocalMesh({ faults: values.fault ?? [], ...(manifestsDir !== undefined && { manifestsDir }) });
  } catch (err) {
    io.stderr(`meshcheck mesh up: ${oneLine(err)}`);
    return 2;
  }
  const signals = io.until ? undefined : untilSignal();
  try {
    for (const [name, addr] of Object.entries(mesh.addresses)) io.stderr(`${name.padEnd(40)} ${addr}`);
    if (values.fault?.length) io.stderr(`faults: ${values.fault.join(", ")}`);
    const out = values["profile-out"];
    if (out) {
      // Owner-only: the profile carries this run's admin tokens (forwarders, control listener).
      // FILE.json gets JSON, the form k6 reads (it has no YAML parser); anything else YAML.
      await writeFileAtomic(out, /\.json$/i.test(out) ? JSON.stringify(mesh.profile, null, 2) + "\n" : stringify(mesh.profile), 0o600);
      io.stderr(`profile written to ${out}`);
    }
    io.stderr("local mesh up; Ctrl-C to stop");
    io.onUp?.(mesh);
    await (io.until ?? signals?.promise);
    return 0;
  } catch (err) {
    io.stderr(`meshcheck mesh up: ${oneLine(err)}`);
    return 2;
  } finally {
    signals?.dispose();
    await mesh.stop();
    io.stderr("local mesh stopped");
  }
}
