// Usage: node kind-config.js IN OUT HTTP_PORT STATUS_PORT NODE_IMAGE GWAPI_PORT
// Writes kind/cluster.yaml (IN) to OUT with the host ports of the gateway's HTTP (nodePort
// 30080) and status (30021) mappings, and of the Gateway API gateway's HTTP (30081), set to
// the settings, and prints the sha256 of what the
// cluster is made from: the config's content (as JSON, so comments and layout do not count) and
// the node image. cluster-up.sh stores that hash in the cluster and refuses to reuse a cluster
// whose hash differs. Exit 2 with one line on bad input.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseDocument } from "yaml";

const [input, output, httpPort, statusPort, nodeImage, gwapiPort] = process.argv.slice(2);
const fail = (message) => {
  console.error(`kind-config.js: ${message}`);
  process.exit(2);
};
if (!input || !output || !httpPort || !statusPort || !nodeImage || !gwapiPort) fail("usage: node kind-config.js IN OUT HTTP_PORT STATUS_PORT NODE_IMAGE GWAPI_PORT");

// Unprivileged ports only: the mappings bind 127.0.0.1 without root.
function port(name, value) {
  if (!/^\d+$/.test(value) || Number(value) < 1024 || Number(value) > 65535) fail(`${name}=${value} is not a port in 1024-65535; set it to a free port, e.g. ${name}=18080`);
  return Number(value);
}
const hostPorts = new Map([
  [30080, port("KIND_HTTP_PORT", httpPort)],
  [30021, port("KIND_STATUS_PORT", statusPort)],
  [30081, port("KIND_GWAPI_PORT", gwapiPort)],
]);
const names = new Map([[30080, "KIND_HTTP_PORT"], [30021, "KIND_STATUS_PORT"], [30081, "KIND_GWAPI_PORT"]]);
const taken = new Map();
for (const [nodePort, hostPort] of hostPorts) {
  if (taken.has(hostPort)) fail(`${taken.get(hostPort)} and ${names.get(nodePort)} are both ${hostPort}; give them different ports`);
  taken.set(hostPort, names.get(nodePort));
}

const doc = parseDocument(readFileSync(input, "utf8"));
const seen = new Set();
for (const node of doc.get("nodes")?.items ?? []) {
  for (const mapping of node.get("extraPortMappings")?.items ?? []) {
    const hostPort = hostPorts.get(mapping.get("containerPort"));
    if (hostPort === undefined) continue;
    mapping.set("hostPort", hostPort);
    seen.add(mapping.get("containerPort"));
  }
}
for (const containerPort of hostPorts.keys()) {
  if (!seen.has(containerPort)) fail(`${input} maps no host port to node port ${containerPort}; restore its extraPortMapping`);
}
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, doc.toString());
console.log(createHash("sha256").update(`${JSON.stringify(doc.toJS())}\0${nodeImage}`).digest("hex"));
