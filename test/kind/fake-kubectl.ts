// A stand-in kubectl for the kind driver's tests (there is no cluster or kubectl here): it
// logs its arguments, answers `config get-contexts` and `get deployment`, and for
// `port-forward` listens on 127.0.0.1:0 like kubectl and prints kubectl's "Forwarding from" line.
// FAKE_KUBECTL_MODE=unreachable|notfound makes `get` fail as kubectl does.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SCRIPT = `#!/usr/bin/env node
const fs = require("node:fs");
const net = require("node:net");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_KUBECTL_LOG, JSON.stringify(args) + "\\n");
const mode = process.env.FAKE_KUBECTL_MODE || "ok";
if (args[0] === "config") { process.stdout.write("kind-meshcheck\\n"); process.exit(0); }
if (args.includes("get")) {
  if (mode === "unreachable") { process.stderr.write("The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\\n"); process.exit(1); }
  if (mode === "notfound") { process.stderr.write('Error from server (NotFound): deployments.apps "x" not found\\n'); process.exit(1); }
  process.stdout.write("1"); process.exit(0);
}
if (args.includes("port-forward")) {
  const target = args[args.indexOf("port-forward") + 2].slice(1);
  const srv = net.createServer((s) => s.end("HTTP/1.1 200 OK\\r\\ncontent-length: 2\\r\\nconnection: close\\r\\n\\r\\nok"));
  srv.listen(0, "127.0.0.1", () => process.stdout.write("Forwarding from 127.0.0.1:" + srv.address().port + " -> " + target + "\\n"));
  process.on("SIGTERM", () => process.exit(0));
} else { process.stderr.write("fake kubectl: unexpected " + args.join(" ") + "\\n"); process.exit(2); }
`;

export interface FakeKubectl {
  path: string;
  calls(): string[][];
  dispose(): void;
}

export function fakeKubectl(): FakeKubectl {
  const dir = mkdtempSync(join(tmpdir(), "meshcheck-kubectl-"));
  const path = join(dir, "kubectl");
  const log = join(dir, "calls.log");
  writeFileSync(path, SCRIPT);
  writeFileSync(log, "");
  chmodSync(path, 0o755);
  process.env.FAKE_KUBECTL_LOG = log;
  return {
    path,
    calls: () => readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as string[]),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
