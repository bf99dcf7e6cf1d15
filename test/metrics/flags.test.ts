// Metrics flags: good values become typed options, every bad one is one UsageError line.
import assert from "node:assert/strict";
import { parseRunArgs } from "../../harness/cli/run-args.js";
import { UsageError } from "../../harness/errors.js";
import { exitCodeAfterDelivery } from "../../harness/metrics/deliver.js";

describe("metrics flags", () => {
  it("parses --pushgateway, --metrics-file and --metrics-port; none by default", () => {
    assert.deepEqual(parseRunArgs([]).metrics, {});
    const m = parseRunArgs(["--pushgateway", "https://pg.example:9091/prefix/", "--metrics-file", "m.prom", "--metrics-port", "0"]).metrics;
    assert.equal(m.pushgateway?.href, "https://pg.example:9091/prefix/");
    assert.equal(m.file, "m.prom");
    assert.equal(m.port, 0);
  });

  it("turns every bad value into one UsageError naming the flag", () => {
    const cases: [string[], RegExp][] = [
      [["--pushgateway", "not a url"], /^--pushgateway not a url: not a URL/],
      [["--pushgateway", "ftp://x"], /^--pushgateway ftp:\/\/x: must be an http:\/\/ or https:\/\/ URL$/],
      [["--pushgateway", "http://x/?a=1"], /^--pushgateway http:\/\/x\/\?a=1: give the Pushgateway's base URL/],
      [["--metrics-port", "65536"], /^--metrics-port 65536: must be a whole number from 0 to 65535 \(0: any free port\)$/],
      [["--metrics-port=-1"], /^--metrics-port -1: must be a whole number from 0 to 65535/],
      [["--metrics-port", "8.5"], /^--metrics-port 8\.5: must be a whole number/],
      [["--metrics-port", ""], /^--metrics-port : must be a whole number/],
      [["--metrics-file", " "], /^--metrics-file: needs a file name/],
      [["--pushgateway"], /run: Option '--pushgateway <value>' argument missing/],
      [["--metrics-address", "0.0.0.0"], /^--metrics-address 0\.0\.0\.0: serves nothing without --metrics-port PORT$/],
      [["--metrics-port", "0", "--metrics-address", "prometheus.local"], /^--metrics-address prometheus\.local: must be an IP address to listen on/],
      [["--metrics-port", "0", "--metrics-address", "127.0.0.1:9464"], /^--metrics-address 127\.0\.0\.1:9464: must be an IP address/],
    ];
    for (const [args, re] of cases) {
      assert.throws(() => parseRunArgs(args), (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes("\n"), args.join(" "));
    }
  });

  it("--metrics-address: an IP address (IPv6 with or without brackets), none by default", () => {
    assert.equal(parseRunArgs(["--metrics-port", "0"]).metrics.address, undefined);
    assert.equal(parseRunArgs(["--metrics-port", "0", "--metrics-address", "0.0.0.0"]).metrics.address, "0.0.0.0");
    assert.equal(parseRunArgs(["--metrics-port", "0", "--metrics-address", "[::]"]).metrics.address, "::");
    assert.equal(parseRunArgs(["--metrics-port", "0", "--metrics-address", "::1"]).metrics.address, "::1");
  });

  it("a clean run whose metrics were lost exits 4; a non-zero run code stands", () => {
    assert.equal(exitCodeAfterDelivery(0, true), 0);
    assert.equal(exitCodeAfterDelivery(0, false), 4);
    assert.equal(exitCodeAfterDelivery(1, false), 1);
    assert.equal(exitCodeAfterDelivery(3, false), 3);
    assert.equal(exitCodeAfterDelivery(3, true), 3);
  });
});
