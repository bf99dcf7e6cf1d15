// The target profile's TS types, derived from the schema objects in ./schema.ts (the one
// source): a field added there appears here, and no type can drift from what is validated.
// Type-only imports, erased at run time, so k6 (which cannot resolve npm packages) is unaffected.
// What each field means is in the schema's `description`s.

import type { FromSchema } from "json-schema-to-ts";
import type {
  authzRequestSetSchema,
  authzTargetSchema,
  canaryTargetSchema,
  circuitBreakingTargetSchema,
  disruptionTargetSchema,
  faultInjectionTargetSchema,
  identifyRuleSchema,
  mtlsTargetSchema,
  outlierDetectionTargetSchema,
  restartActionSchema,
  retriesTargetSchema,
  routeRuleSchema,
  routingTargetSchema,
  stringMatchSchema,
  targetProfileSchema,
  timeoutTargetSchema,
  vantageSchema,
  ROUTE_APIS,
} from "./schema.ts";

/**
 * The whole profile. An interface rather than an alias: TS caches it by name, so generic code
 * indexing it (`TargetProfile[S]`) does not re-derive the schema's type each time (which it
 * refuses as "excessively deep").
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the members come from the schema
export interface TargetProfile extends FromSchema<typeof targetProfileSchema> {}
/** How a response names the destination that answered it. */
export type IdentifyRule = FromSchema<typeof identifyRuleSchema>;
/** Where a request is sent from: `direct`, `tls` (client certificate) or `forwarder` (inside the mesh). */
export type Vantage = FromSchema<typeof vantageSchema>;
/** Header match as in VirtualService HTTPMatchRequest.headers: exactly one of exact, prefix, regex (the schema enforces "one"). */
export type StringMatch = FromSchema<typeof stringMatchSchema>;
/** The API a route-derived entry came from (the schema holds it to ROUTE_APIS by a pattern). */
export type RouteApi = (typeof ROUTE_APIS)[number];
export type RouteRule = FromSchema<typeof routeRuleSchema>;
export type RoutingTarget = FromSchema<typeof routingTargetSchema>;
export type CanaryTarget = FromSchema<typeof canaryTargetSchema>;
export type MtlsTarget = FromSchema<typeof mtlsTargetSchema>;
export type AuthzRequestSet = FromSchema<typeof authzRequestSetSchema>;
export type AuthzTarget = FromSchema<typeof authzTargetSchema>;
export type TimeoutTarget = FromSchema<typeof timeoutTargetSchema>;
export type RetriesTarget = FromSchema<typeof retriesTargetSchema>;
export type FaultInjectionTarget = FromSchema<typeof faultInjectionTargetSchema>;
export type CircuitBreakingTarget = FromSchema<typeof circuitBreakingTargetSchema>;
export type OutlierDetectionTarget = FromSchema<typeof outlierDetectionTargetSchema>;
/** How the disruption check restarts the workload: `local` (the mesh's control listener) or `kubernetes` (a rollout restart). */
export type RestartAction = FromSchema<typeof restartActionSchema>;
export type DisruptionTarget = FromSchema<typeof disruptionTargetSchema>;
