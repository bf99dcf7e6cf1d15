// Every preflight rule, in the order a user would fix things: cluster, gateway, routes,
// security, observability, scripts.
import type { Rule } from "../types.js";
import { kindPorts } from "./kind-ports.js";
import { gatewaySelector } from "./gateway-selector.js";
import { virtualServices } from "./virtual-services.js";
import { httpRouteRules } from "./http-routes.js";
import { routeHostConflicts } from "./route-host-conflicts.js";
import { gatewayApiSchema } from "./gateway-api-schema.js";
import { gatewayInfrastructure } from "./gateway-infrastructure.js";
import { duplicates } from "./duplicates.js";
import { authorization } from "./authorization.js";
import { authzGatewayApi } from "./authz-gateway-api.js";
import { peerAuthentication } from "./peer-authentication.js";
import { apiVersions } from "./api-versions.js";
import { observability } from "./observability.js";
import { shellCommands } from "./shell-commands.js";
import { echoConfig } from "./echo-config.js";

export const RULES: Rule[] = [kindPorts, gatewaySelector, virtualServices, gatewayApiSchema, gatewayInfrastructure, httpRouteRules, routeHostConflicts, duplicates, authorization, authzGatewayApi, peerAuthentication, apiVersions, echoConfig, observability, shellCommands];
