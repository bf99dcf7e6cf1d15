// `meshcheck run` metrics flags → MetricsOptions. Every bad value is one UsageError line naming
// the flag, raised before the run starts (a typo must not cost a nightly run).

import { isIP } from "node:net";
import { UsageError } from "../errors.js";
import type { MetricsOptions } from "./deliver.js";
import { knobFlag } from "../knob-flag.js";
import { KNOBS } from "../../spec/knobs.js";

export const METRICS_FLAGS = {
  pushgateway: { type: "string" },
  "metrics-file": { type: "string" },
  "metrics-port": { type: "string" },
  "metrics-address": { type: "string" },
} as const;

export function parseMetricsFlags(v: { pushgateway?: string; "metrics-file"?: string; "metrics-port"?: string; "metrics-address"?: string }): MetricsOptions {
  const o: MetricsOptions = {};
  if (v.pushgateway !== undefined) o.pushgateway = pushgatewayUrl(v.pushgateway);
  if (v["metrics-file"] !== undefined) {
    if (v["metrics-file"].trim() === "") throw new UsageError(`--metrics-file: needs a file name (e.g. /var/lib/node_exporter/textfile/meshcheck.prom)`);
    o.file = v["metrics-file"];
  }
  // 0: any free port.
  const port = knobFlag(KNOBS.metricsPort, v["metrics-port"]);
  if (port !== undefined) o.port = port;
  if (v["metrics-address"] !== undefined) {
    if (o.port === undefined) throw new UsageError(`--metrics-address ${v["metrics-address"]}: serves nothing without --metrics-port PORT`);
    o.address = address(v["metrics-address"]);
  }
  return o;
}

/** An IP address to bind; a name would bind whatever it resolves to today, so it is refused. */
function address(raw: string): string {
  const bare = raw.startsWith("[") && raw.endsWith("]") ? raw.slice(1, -1) : raw;
  if (isIP(bare) === 0) throw new UsageError(`--metrics-address ${raw}: must be an IP address to listen on (e.g. 127.0.0.1, or 0.0.0.0 for every interface)`);
  return bare;
}

function pushgatewayUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--pushgateway ${raw}: not a URL (e.g. http://pushgateway.monitoring:9091)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--pushgateway ${raw}: must be an http:// or https:// URL`);
  if (url.search !== "" || url.hash !== "") throw new UsageError(`--pushgateway ${raw}: give the Pushgateway's base URL, without ?query or #fragment`);
  return url;
}
