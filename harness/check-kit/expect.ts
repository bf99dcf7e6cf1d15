// What a request must get, as data: a named test on one Outcome (after Istio's composable
// echo checkers and Gateway API conformance's ExpectedResponse). The name is what the
// evidence shows as "expected"; the outcome keys and success rules come from spec/outcome.ts,
// shared with the k6 scenarios.

import type { Outcome } from "../traffic/outcome.js";
import { isWhole2xx, observedKey, REJECTED_AT_CONNECTION } from "../../spec/outcome.js";
import { callerSeen } from "./observe.js";

export interface Expect {
  /** What the evidence shows as expected, e.g. "dest:v2", "2xx", "403". */
  describe: string;
  test(o: Outcome): boolean;
}

/** Answered with this outcome key (e.g. "dest:v2", "status:404"). */
export function answeredAs(key: string): Expect {
  return { describe: key, test: (o) => observedKey(o) === key };
}

/** Answered with one of these outcome keys. */
export function answeredAsOneOf(keys: Iterable<string>, describe: string): Expect {
  const set = new Set(keys);
  return { describe, test: (o) => set.has(observedKey(o)) };
}

/** A 2xx whose body arrived whole: what every check counts as a success. */
export const whole2xx: Expect = { describe: "2xx", test: isWhole2xx };

/** A status line with this code, whatever the body then did. */
export function statusIs(code: number): Expect {
  return { describe: String(code), test: (o) => o.kind === "response" && o.status === code };
}

/** Answered by the app (any status): the identify rule named a destination, so no proxy made the answer up. */
export const fromTheApp: Expect = { describe: "an answer from the app", test: (o) => o.kind === "response" && o.destination !== undefined };

const REJECTED: ReadonlySet<string> = new Set(REJECTED_AT_CONNECTION);

/** Refused before any status line: reset, close or a failed TLS handshake (how STRICT mTLS refuses plaintext). */
export const rejectedAtConnection: Expect = {
  describe: "connection rejected (reset, close or TLS) before any status line",
  test: (o) => o.kind === "error" && REJECTED.has(o.code),
};

/** A 2xx status line (body not judged) from an app that saw a caller identity, this one when given. */
export function calledAs(identity: string | undefined): Expect {
  return {
    describe: identity ? `2xx, app sees ${identity}` : "2xx, app sees a SPIFFE ID",
    test: (o) => {
      const caller = callerSeen(o);
      return o.kind === "response" && o.status >= 200 && o.status < 300 && caller !== undefined && (identity === undefined || caller === identity);
    },
  };
}
