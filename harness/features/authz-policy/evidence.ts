// Evidence of authz-policy: the allowed requests (positive controls) and the denied ones.
import type { RequestRecord } from "../../check-kit/records.js";

export interface AuthzEvidence {
  kind: "authz";
  controls: RequestRecord[];
  denials: RequestRecord[];
}
