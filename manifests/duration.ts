// Istio duration strings (`1s`, `1.5s`, `200ms`, `5m`, `1h`, as the DestinationRule reference
// writes them) to milliseconds. Istio rejects durations under 1 ms; so do we.
import type { ResourceFields } from "./fields.js";
import type { Path } from "./path.js";

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

export function optionalDurationMs(fields: ResourceFields, path: Path): number | undefined {
  const text = fields.optionalString(path);
  if (text === undefined) return undefined;
  const m = DURATION.exec(text.trim());
  if (!m) fields.fail(path, `must be a duration like 1s, 1.5s or 200ms, got ${JSON.stringify(text)}`);
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (!(ms >= 1)) fields.fail(path, `must be at least 1ms, got ${JSON.stringify(text)}`);
  return Math.round(ms);
}
