// Who this echo instance is: the fields every reply and every forward answer carry.

export interface WorkloadIdentity {
  service: string;
  version: string;
  pod: string;
  namespace: string;
}
