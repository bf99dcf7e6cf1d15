// Every check meshcheck knows, in the order they are listed in help and docs.
import type { CheckDefinition } from "../check-kit/types.js";
import { headerRouting } from "./header-routing/check.js";
import { canarySplit } from "./canary-split/check.js";
import { mtlsStrict } from "./mtls-strict/check.js";
import { authzPolicy } from "./authz-policy/check.js";
import { routeTimeout } from "./route-timeout/check.js";
import { retries } from "./retries/check.js";
import { faultInjection } from "./fault-injection/check.js";
import { circuitBreaking } from "./circuit-breaking/check.js";
import { outlierDetection } from "./outlier-detection/check.js";
import { disruption } from "./disruption/check.js";

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
