// Evidence of mtls-strict: the in-mesh control and the plaintext attempts.
import type { RequestRecord } from "../../check-kit/records.js";

export interface MtlsEvidence {
  kind: "mtls";
  control: RequestRecord;
  plaintext: RequestRecord[];
}
