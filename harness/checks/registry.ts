// Every check meshcheck knows, in the order they are listed in help and docs.
import type { CheckDefinition } from "./types.js";
import { headerRouting } from "./header-routing.js";
import { canarySplit } from "./canary-split.js";
import { mtlsStrict } from "./mtls-strict.js";
import { authzPolicy } from "./authz-policy.js";
import { routeTimeout } from "./route-timeout.js";
import { retries } from "./retries.js";
import { faultInjection } from "./fault-injection.js";
import { circuitBreaking } from "./circuit-breaking.js";
import { outlierDetection } from "./outlier-detection.js";
import { disruption } from "./disruption.js";

export const ALL_CHECKS: readonly CheckDefinition[] = [
  headerRouting,
  canarySplit,
  mtlsStrict,
  authzPolicy,
  routeTimeout,
  retries,
  faultInjection,
  circuitBreaking,
  outlierDetection,
  disruption,
];
