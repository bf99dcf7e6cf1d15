// Every check meshcheck knows, in the order they are listed in help and docs.
import type { CheckDefinition } from "./types.js";
import { headerRouting } from "./header-routing.js";
import { canarySplit } from "./canary-split.js";
import { mtlsStrict } from "./mtls-strict.js";
import { authzPolicy } from "./authz-policy.js";

export const ALL_CHECKS: readonly CheckDefinition[] = [headerRouting, canarySplit, mtlsStrict, authzPolicy] as readonly CheckDefinition[];
