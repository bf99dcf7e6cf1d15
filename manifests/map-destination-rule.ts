// DestinationRule: per-destination connection pool limits (circuit breaking) and outlier
// detection. Only what the local mesh enforces is read; the defaults are Istio's.
import type { ResourceFields } from "./fields.js";
import type { ObjectName } from "./metadata.js";
import type { Path } from "./path.js";
import { optionalDurationMs } from "./duration.js";
import type { ConnectionPool, DestinationRule, OutlierDetection, Source } from "./types.js";

const POLICY: Path = ["spec", "trafficPolicy"];
// Envoy counts these in uint32; anything above is a typo, not a limit.
const MAX_LIMIT = 2 ** 32 - 1;

// Istio's documented defaults for outlierDetection fields left out.
const OUTLIER_DEFAULTS: OutlierDetection = { consecutive5xxErrors: 5, intervalMs: 10_000, baseEjectionTimeMs: 30_000, maxEjectionPercent: 10 };

export function mapDestinationRule(fields: ResourceFields, id: ObjectName, source: Source): DestinationRule {
  const host = fields.string(["spec", "host"]);
  const connectionPool = readConnectionPool(fields, [...POLICY, "connectionPool"]);
  const outlierDetection = readOutlierDetection(fields, [...POLICY, "outlierDetection"]);
  return {
    name: id.name,
    namespace: id.namespace,
    host,
    ...(connectionPool && { connectionPool }),
    ...(outlierDetection && { outlierDetection }),
    source,
  };
}

function readConnectionPool(fields: ResourceFields, path: Path): ConnectionPool | undefined {
  if (!fields.has(path)) return undefined;
  const limit = (at: Path) => fields.optionalInteger([...path, ...at], 1, MAX_LIMIT);
  const pool: ConnectionPool = {};
  const set = (key: keyof ConnectionPool, value: number | undefined) => {
    if (value !== undefined) pool[key] = value;
  };
  set("maxConnections", limit(["tcp", "maxConnections"]));
  set("http1MaxPendingRequests", limit(["http", "http1MaxPendingRequests"]));
  set("http2MaxRequests", limit(["http", "http2MaxRequests"]));
  return pool;
}

function readOutlierDetection(fields: ResourceFields, path: Path): OutlierDetection | undefined {
  if (!fields.has(path)) return undefined;
  return {
    consecutive5xxErrors: fields.optionalInteger([...path, "consecutive5xxErrors"], 0, MAX_LIMIT) ?? OUTLIER_DEFAULTS.consecutive5xxErrors,
    intervalMs: optionalDurationMs(fields, [...path, "interval"]) ?? OUTLIER_DEFAULTS.intervalMs,
    baseEjectionTimeMs: optionalDurationMs(fields, [...path, "baseEjectionTime"]) ?? OUTLIER_DEFAULTS.baseEjectionTimeMs,
    maxEjectionPercent: fields.optionalInteger([...path, "maxEjectionPercent"], 0, 100) ?? OUTLIER_DEFAULTS.maxEjectionPercent,
  };
}
