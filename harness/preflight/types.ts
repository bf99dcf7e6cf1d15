// What `meshcheck preflight` reports, and the configuration it reads. Preflight is static: it
// reads files, never a cluster, and reports every mistake it can see rather than stopping at
// the first (unlike the local mesh's strict loader, for which a mistake is a load error).

export type Severity = "error" | "warning";

export interface Finding {
  severity: Severity;
  /** Path as the user named it (relative to the working directory when inside it). */
  file: string;
  /** 1-based. */
  line: number;
  /** Stable id of the rule, e.g. `gateway-selector`. */
  rule: string;
  message: string;
}

/** Where a value was read from. */
export interface At {
  file: string;
  line: number;
}

/** One YAML document, read leniently: its plain value and the line of any path in it. */
export interface YamlDoc {
  file: string;
  /** Line of the document's first content. */
  line: number;
  value: unknown;
  /** Line of the node at `path` (keys and indexes), or of the nearest ancestor that exists. */
  lineOf(path: (string | number)[]): number;
}

/** A Kubernetes/Istio/kind object: a document with apiVersion and kind. */
export interface Resource {
  apiVersion: string;
  kind: string;
  name: string;
  /** metadata.namespace, or undefined for cluster-scoped (and namespaced ones that omit it). */
  namespace?: string;
  doc: YamlDoc;
  /** The document as a plain object. */
  obj: Record<string, unknown>;
}

/** One shell command (continuation lines joined), from a script or a doc's shell block. */
export interface ShellCommand {
  file: string;
  line: number;
  text: string;
}

/** A `helm install|upgrade --install RELEASE CHART` seen in a script. */
export interface HelmRelease {
  release: string;
  chart: string;
  namespace?: string;
  /** Values files passed with -f/--values. */
  valuesFiles: string[];
  at: At;
}

/** The ingress gateway as the istio/gateway chart will create it, from its values. */
export interface IngressGatewaySpec {
  release: string;
  namespace: string;
  labels: Record<string, string>;
  serviceAccount: string;
  serviceType: string;
  ports: { name?: string; port: number; nodePort?: number }[];
  /** The values file it was read from (absent: chart defaults). */
  values?: YamlDoc;
}

/** Everything preflight read from a directory. */
export interface Config {
  resources: Resource[];
  /** YAML documents that are not resources: helm values files. */
  values: YamlDoc[];
  commands: ShellCommand[];
  helmReleases: HelmRelease[];
  /** `helm repo add NAME URL` names. */
  helmRepos: Set<string>;
  gateway: IngressGatewaySpec;
  /** Findings produced while reading (YAML syntax). */
  readFindings: Finding[];
}

/** A rule: one concern, all its findings. */
export type Rule = (config: Config) => Finding[];
