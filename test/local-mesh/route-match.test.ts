// VirtualService route selection and weighted picks (pure).
import assert from "node:assert/strict";
import { pickDestination, selectRoute, stringMatches, stripPort } from "../../local-mesh/runtime/route-match.js";
import type { HttpRoute } from "../../manifests/types.js";

const to = (host: string, weight?: number) => ({ destination: { host }, ...(weight !== undefined ? { weight } : {}) });
const req = (headers: Record<string, string> = {}, path = "/", method = "GET") => ({ headers, path, method });

describe("local-mesh route matching", () => {
  const routes: HttpRoute[] = [
    { match: [{ headers: { "X-Env": { exact: "dev" } } }, { uri: { prefix: "/dev/" } }], route: [to("dev")] },
    { match: [{ headers: { "x-team": { regex: "a|b" } }, method: { exact: "POST" } }], route: [to("team")] },
    { route: [to("prod")] },
  ];
  const dest = (r: ReturnType<typeof req>) => selectRoute(routes, r)?.route[0]?.destination.host;

  it("header exact match; names case-insensitive, values case-sensitive", () => {
    assert.equal(dest(req({ "x-env": "dev" })), "dev");
    assert.equal(dest(req({ "x-env": "Dev" })), "prod");
    assert.equal(dest(req({})), "prod");
  });

  it("the match list is OR; conditions inside one match are AND", () => {
    assert.equal(dest(req({}, "/dev/x?q=1")), "dev");
    assert.equal(dest(req({ "x-team": "a" }, "/", "POST")), "team");
    assert.equal(dest(req({ "x-team": "a" }, "/", "GET")), "prod");
  });

  it("regex is a full match", () => {
    assert.equal(dest(req({ "x-team": "ab" }, "/", "POST")), "prod");
    assert.equal(stringMatches({ regex: "v[0-9]+" }, "v12"), true);
    assert.equal(stringMatches({ regex: "v[0-9]+" }, "xv12"), false);
    assert.equal(stringMatches({ regex: "(" }, "("), false); // invalid pattern matches nothing
    assert.equal(stringMatches({ prefix: "ab" }, "abc"), true);
  });

  it("no route matches → undefined (the gateway answers 404)", () => {
    assert.equal(selectRoute([routes[0]!], req({})), undefined);
  });

  it("weighted pick follows the cumulative weights", () => {
    const r: HttpRoute = { route: [to("v1", 90), to("v2", 10)] };
    assert.equal(pickDestination(r, () => 0)?.destination.host, "v1");
    assert.equal(pickDestination(r, () => 0.899)?.destination.host, "v1");
    assert.equal(pickDestination(r, () => 0.9)?.destination.host, "v2");
    assert.equal(pickDestination(r, () => 0.9999999)?.destination.host, "v2");
    const zero: HttpRoute = { route: [to("v1", 100), to("v2", 0)] };
    assert.equal(pickDestination(zero, () => 0.9999999)?.destination.host, "v1");
  });

  it("Host ports", () => {
    assert.equal(stripPort("a.local:8080"), "a.local");
    assert.equal(stripPort("a.local"), "a.local");
  });
});
