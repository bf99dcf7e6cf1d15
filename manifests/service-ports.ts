// Service ports, shared by Services in the manifests and the gateway Service in the helm values.
import type { ResourceFields } from "./fields.js";
import type { Path } from "./path.js";
import type { ServicePort } from "./types.js";

// The Kubernetes default --service-node-port-range.
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

export function readServicePorts(fields: ResourceFields, path: Path, nodePortsAllowed: boolean): ServicePort[] {
  const count = fields.listLength(path);
  if (count === 0) fields.fail(path, "must list at least one port");
  const ports: ServicePort[] = [];
  for (let i = 0; i < count; i++) {
    const at = [...path, i];
    fields.oneOf([...at, "protocol"], ["TCP"], "TCP");
    const port = fields.port([...at, "port"]);
    const target = fields.get([...at, "targetPort"]);
    if (typeof target === "string") {
      fields.fail([...at, "targetPort"], `named targetPort ${JSON.stringify(target)} is not supported; use the container's port number`);
    }
    const targetPort = fields.optionalPort([...at, "targetPort"]) ?? port;
    const nodePort = fields.optionalInteger([...at, "nodePort"], NODE_PORT_MIN, NODE_PORT_MAX);
    if (nodePort !== undefined && !nodePortsAllowed) {
      fields.fail([...at, "nodePort"], "is only allowed on a Service of type NodePort");
    }
    const name = fields.optionalString([...at, "name"]);
    ports.push({ ...(name !== undefined && { name }), port, targetPort, ...(nodePort !== undefined && { nodePort }) });
  }
  return ports;
}
