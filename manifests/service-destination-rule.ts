// The DestinationRule that applies to a Service: its host names the Service as Istio reads a
// config host (./service-hosts.ts), relative to the rule's namespace. The first one written wins, as Istio keeps the oldest on a conflict.
import type { DestinationRule, MeshModel, Service } from "./types.js";
import { findConfigService } from "./service-hosts.js";

export function destinationRuleFor(model: MeshModel, service: Service): DestinationRule | undefined {
  return model.destinationRules.find((dr) => findConfigService(model, dr.host, dr.namespace) === service);
}
