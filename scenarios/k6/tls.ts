// k6 options for a run that sends from a `tls` vantage (lib/tls-plan.ts says what k6 can do):
// the client certificate and key, read here in the init context (open() exists only there), and
// the `hosts` entries that carry the TLS server name.
import type { Options } from "k6/options";
import { EnvError, profilePath } from "../lib/env.ts";
import { tlsPlan, type Send } from "../lib/tls-plan.ts";
import type { TargetProfile } from "../../spec/profile/types.ts";

export function tlsOptions(profile: TargetProfile, sends: readonly Send[]): Pick<Options, "tlsAuth" | "hosts"> {
  const plan = tlsPlan(profile, sends, profilePath(__ENV), __ENV);
  if (!plan) return {};
  const read = (field: "cert" | "key"): string => {
    try {
      return open(plan[field]);
    } catch (e) {
      throw new EnvError(`tls vantage ${plan.vantage}: cannot read its ${field} file ${plan[field]} (${String(e)})`);
    }
  };
  return { tlsAuth: [{ cert: read("cert"), key: read("key") }], ...(Object.keys(plan.hosts).length > 0 ? { hosts: plan.hosts } : {}) };
}
