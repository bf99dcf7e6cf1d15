import assert from "node:assert/strict";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { Client } from "undici";
import type { RunningEcho } from "../../apps/echo/src/server.js";
import { echoOf, get, startTestEcho } from "./helpers.js";

function seeded(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

describe("echo service port knobs", () => {
  describe("health, status and delay", () => {
    let echo: RunningEcho;
    before(async () => {
      echo = await startTestEcho({ version: "v2" });
    });
    after(() => echo.close());

    it("answers /healthz and /readyz with 200 ok", async () => {
      for (const path of ["/healthz", "/readyz"]) {
        const answer = await get(echo.port, path);
        assert.equal(answer.status, 200);
        assert.equal(answer.text, "ok");
        assert.equal(answer.headers["x-version"], "v2");
      }
    });

    it("answers /status/{code} with that status and the echo body", async () => {
      for (const code of [201, 404, 418, 503]) {
        const answer = await get(echo.port, `/status/${code}`);
        assert.equal(answer.status, code);
        assert.equal(answer.headers["x-version"], "v2");
        assert.equal(echoOf(answer).path, `/status/${code}`);
        assert.equal(answer.headers["x-echo-failed"], undefined);
      }
    });

    it("answers 204, 205 and 304 without content, keeping the connection usable", async () => {
      const client = new Client(`http://127.0.0.1:${echo.port}`);
      try {
        for (const code of [204, 205, 304, 200]) {
          const res = await client.request({ path: `/status/${code}`, method: "GET" });
          assert.equal(res.statusCode, code);
          assert.equal(res.headers["x-version"], "v2");
          const text = await res.body.text();
          if (code !== 200) assert.equal(text, "");
          else assert.equal((JSON.parse(text) as { path: string }).path, "/status/200");
        }
      } finally {
        await client.close();
      }
    });

    it("rejects a /status code that is not a final HTTP status with 400", async () => {
      for (const bad of ["99", "100", "600", "abc", "2000"]) {
        const answer = await get(echo.port, `/status/${bad}`);
        assert.equal(answer.status, 400, bad);
        assert.match(JSON.parse(answer.text).error, /status must be/);
      }
    });

    it("waits on /delay/{ms} before answering 200", async () => {
      const started = Date.now();
      const answer = await get(echo.port, "/delay/120");
      assert.equal(answer.status, 200);
      assert.equal(echoOf(answer).path, "/delay/120");
      // A lower bound only: the delay must have happened, however slow the machine.
      assert.ok(Date.now() - started >= 110, "answered before the delay elapsed");
    });

    it("rejects a /delay above the cap or not in whole ms with 400", async () => {
      const tooLong = await get(echo.port, "/delay/60001");
      assert.equal(tooLong.status, 400);
      assert.match(JSON.parse(tooLong.text).error, /at most 60000 ms/);
      const notMs = await get(echo.port, "/delay/1.5");
      assert.equal(notMs.status, 400);
      assert.match(JSON.parse(notMs.text).error, /whole milliseconds/);
    });

    it("rejects a bad failRatio or failStatus with 400", async () => {
      for (const query of ["failRatio=1.5", "failRatio=-0.1", "failRatio=abc", "failRatio=", "failStatus=42"]) {
        const answer = await get(echo.port, `/?${query}`);
        assert.equal(answer.status, 400, query);
        assert.match(JSON.parse(answer.text).error, /failRatio|failStatus/);
      }
    });
  });

  describe("failure ratio", () => {
    it("fails every request when random() is 0 and the workload ratio is positive", async () => {
      const echo = await startTestEcho({ failureRatio: 0.01, random: () => 0 });
      try {
        for (let i = 0; i < 5; i++) {
          const answer = await get(echo.port, "/x");
          assert.equal(answer.status, 503);
          assert.equal(answer.headers["x-echo-failed"], "1");
          assert.equal(answer.headers["x-version"], "v1");
          assert.equal(echoOf(answer).path, "/x", "a failed answer still carries the echo body");
        }
        const healthz = await get(echo.port, "/healthz");
        assert.equal(healthz.status, 200, "health is never failed on purpose");
      } finally {
        await echo.close();
      }
    });

    it("never fails with ratio 0, and never draws a random number for it", async () => {
      let draws = 0;
      const echo = await startTestEcho({ random: () => (draws++, 0) });
      try {
        for (let i = 0; i < 3; i++) assert.equal((await get(echo.port, "/")).status, 200);
        assert.equal(draws, 0);
      } finally {
        await echo.close();
      }
    });

    it("lets ?failRatio override the workload ratio both ways, with ?failStatus", async () => {
      const echo = await startTestEcho({ failureRatio: 1, random: () => 0.5 });
      try {
        assert.equal((await get(echo.port, "/")).status, 503, "workload ratio 1 fails");
        assert.equal((await get(echo.port, "/?failRatio=0")).status, 200, "per-request 0 overrides");
        assert.equal((await get(echo.port, "/?failRatio=0.4")).status, 200, "0.5 >= 0.4: passes");
        assert.equal((await get(echo.port, "/?failRatio=0.5")).status, 200, "fails only below the ratio: P(fail) = ratio");
        const failed = await get(echo.port, "/?failRatio=0.6&failStatus=500");
        assert.equal(failed.status, 500, "0.5 < 0.6: fails with the asked status");
        assert.equal(failed.headers["x-echo-failed"], "1");
      } finally {
        await echo.close();
      }
    });

    it("fails exactly the requests whose seeded draw is below the ratio", async () => {
      const ratio = 0.3;
      const expected = Array.from({ length: 40 }, seeded(42)).map((u) => (u < ratio ? 503 : 200));
      assert.ok(expected.includes(503) && expected.includes(200), "the seed exercises both outcomes");
      const echo = await startTestEcho({ random: seeded(42) });
      try {
        const seen: number[] = [];
        for (let i = 0; i < expected.length; i++) seen.push((await get(echo.port, `/?failRatio=${ratio}`)).status);
        assert.deepEqual(seen, expected);
      } finally {
        await echo.close();
      }
    });
  });
});
