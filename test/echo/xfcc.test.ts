import assert from "node:assert/strict";
import { callerFromXfcc, parseXfcc } from "../../apps/echo/src/xfcc.js";
import type { RunningEcho } from "../../apps/echo/src/server.js";
import { echoOf, get, startTestEcho } from "./helpers.js";

const SA = "spiffe://cluster.local/ns/workshop-app/sa/workshop-app";
const GW = "spiffe://cluster.local/ns/istio-ingress/sa/istio-ingress";

describe("X-Forwarded-Client-Cert parsing", () => {
  it("reads the URI of a single Envoy element", () => {
    const header = `By=spiffe://cluster.local/ns/workshop-app/sa/default;Hash=4a5b;Subject="";URI=${SA}`;
    assert.deepEqual(callerFromXfcc(header), { uri: SA, raw: header });
  });

  it("takes the LAST element: the one the nearest proxy added", () => {
    const first = `By=spiffe://x;Hash=aa;URI=${GW}`;
    const last = `By=spiffe://y;Hash=bb;URI=${SA}`;
    assert.deepEqual(callerFromXfcc(`${first},${last}`), { uri: SA, raw: last });
    assert.deepEqual(callerFromXfcc(`${first}, ${last}`), { uri: SA, raw: last }, "space after the comma");
  });

  it("does not split on commas or semicolons inside quoted values", () => {
    const last = `Hash=cc;Subject="CN=app,O=Acme\\, Inc.;OU=x";URI=${SA}`;
    const header = `By=spiffe://a;URI=${GW},${last}`;
    const elements = parseXfcc(header);
    assert.equal(elements.length, 2);
    assert.deepEqual(elements[1]?.fields.get("subject"), ["CN=app,O=Acme, Inc.;OU=x"]);
    assert.deepEqual(callerFromXfcc(header), { uri: SA, raw: last });
  });

  it("unescapes backslash-escaped quotes inside a quoted value", () => {
    const [element] = parseXfcc(`Subject="CN=\\"quoted\\", O=x";URI=${SA}`);
    assert.deepEqual(element?.fields.get("subject"), [`CN="quoted", O=x`]);
    assert.deepEqual(element?.fields.get("uri"), [SA]);
  });

  it("reads a quoted URI and accepts keys in any case", () => {
    assert.equal(callerFromXfcc(`hash=1;uri="${SA}"`)?.uri, SA);
  });

  it("has no caller when the last element carries no URI (no fallback to an earlier hop)", () => {
    assert.equal(callerFromXfcc(`URI=${GW},Hash=abc;Subject="CN=x"`), undefined);
    assert.equal(callerFromXfcc(""), undefined);
    assert.equal(callerFromXfcc(undefined), undefined);
  });

  it("survives malformed input without throwing", () => {
    for (const junk of ['Subject="unterminated;URI=x', ";;;,,,", "=;=", "URI", '"""']) {
      assert.doesNotThrow(() => callerFromXfcc(junk), junk);
    }
  });
});

describe("echo reply caller identity", () => {
  let echo: RunningEcho;
  before(async () => {
    echo = await startTestEcho();
  });
  after(() => echo.close());

  it("reports the nearest caller from XFCC in the reply", async () => {
    const last = `By=spiffe://cluster.local/ns/workshop-app/sa/default;Hash=ff;Subject="O=a,CN=b";URI=${SA}`;
    const reply = echoOf(await get(echo.port, "/", { headers: { "x-forwarded-client-cert": `URI=${GW},${last}` } }));
    assert.deepEqual(reply.caller, { uri: SA, raw: last });
  });

  it("omits the caller when there is no XFCC", async () => {
    const reply = echoOf(await get(echo.port, "/"));
    assert.equal("caller" in reply, false);
  });
});
