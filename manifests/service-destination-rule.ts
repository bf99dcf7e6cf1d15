// The DestinationRule that applies to a Service: its host names the Service, relative to the
// rule's namespace. The first one written wins, as Istio keeps the oldest on a conflict.
import type { DestinationRule, MeshModel, Service } from "./types.js";
import { findService } from "./service-hosts.js";

export function destinationRuleFor(model: MeshModel, service: Service): DestinationRule | undefined {
  return model.destinationRules.find((dr) => findService(model, dr.host, dr.namespace) === service);
}
