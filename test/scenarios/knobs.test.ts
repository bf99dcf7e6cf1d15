// The knob table (spec/knobs.ts) is the only place a default or a range is written: every
// reader — the CLI's flags, the statistics, the k6 -e variables — rejects a value just outside
// each row's range and accepts its edges, and says the table's words when it rejects.
import assert from "node:assert/strict";
import { boundsText, inRange, KNOBS, rangeText, STATS_DEFAULTS, type Knob, type KnobName } from "../../spec/knobs.js";
import { knobFlag, type FlagKnob } from "../../harness/knob-flag.js";
import { parseRunArgs } from "../../harness/cli/run-args.js";
import { UsageError } from "../../harness/errors.js";
import { checkSetting, resolveSpec } from "../../harness/stats/defaults.js";
import { DEFAULT_STATS } from "../../harness/settings.js";
import { DEFAULT_TIMING } from "../../harness/timing.js";
import { durationEnv, EnvError, knobEnv, type EnvKnob } from "../../scenarios/lib/env.js";
import { sampleSettings } from "../../scenarios/k6/sample-settings.js";
import { planShares } from "../../scenarios/lib/shares.js";
import { commandUsage, type CommandName } from "../../harness/cli/usage.js";

const rows = Object.entries(KNOBS) as [KnobName, Knob][];

/** Values just inside (accepted) and just outside (rejected) each end of a row's range. */
function probes(k: Knob): { accept: number[]; reject: number[] } {
  const step = (edge: number) => (k.integer ? 1 : 1e-9 * Math.max(1, Math.abs(edge)));
  const accept = [k.minExclusive ? k.min + step(k.min) : k.min, k.maxExclusive ? k.max - step(k.max) : k.max];
  const reject = [k.minExclusive ? k.min : k.min - step(k.min), k.maxExclusive ? k.max : k.max + step(k.max)];
  // Between two whole numbers, for a whole-number row.
  if (k.integer) reject.push(k.min + 0.5);
  return { accept, reject };
}

/** How a test writes a number on a command line: no exponent, which k6 durations cannot parse. */
const text = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(12).replace(/0+$/, ""));

const STATS_ROWS = { alpha: "alpha", beta: "beta", delta: "delta", budget: "budget" } as const;
/** The `run` flags, read through parseRunArgs: where each lands. */
const RUN_FLAGS: Partial<Record<KnobName, (args: ReturnType<typeof parseRunArgs>) => number | undefined>> = {
  alpha: (a) => a.stats.alpha,
  beta: (a) => a.stats.beta,
  delta: (a) => a.stats.delta,
  budget: (a) => a.stats.budget,
  metricsPort: (a) => a.metrics.port,
};
const DURATIONS: readonly KnobName[] = ["loadDurationS", "disruptionDurationS", "warmupS"];

describe("the knob table", () => {
  it("holds a well-formed row for every knob: a default in its range, a unit and a meaning", () => {
    for (const [name, k] of rows) {
      assert.ok(k.min < k.max, `${name}: min < max`);
      assert.ok(k.unit !== "" && k.meaning !== "", `${name}: unit and meaning`);
      assert.ok(k.flag !== undefined || k.env !== undefined || name in DEFAULT_TIMING, `${name}: read by someone`);
      if (k.default !== undefined) assert.ok(inRange(k, k.default), `${name}: default ${k.default} in ${rangeText(k)}`);
    }
  });

  it("is where the harness's and the scenarios' defaults come from", () => {
    assert.deepEqual(DEFAULT_STATS, STATS_DEFAULTS);
    assert.deepEqual(parseRunArgs([]).stats, STATS_DEFAULTS);
    for (const key of Object.keys(DEFAULT_TIMING) as (keyof typeof DEFAULT_TIMING)[]) assert.equal(DEFAULT_TIMING[key], KNOBS[key].default, key);
    assert.deepEqual(sampleSettings({}), { delta: 0.05, alpha: 0.001, beta: 0.01, requests: 0, vus: 8, timeoutMs: 5000 });
    assert.equal(sampleSettings({}, KNOBS.faultVus).vus, 16);
  });

  for (const [name, k] of rows) {
    const { accept, reject } = probes(k);
    describe(`${name}: ${rangeText(k)}`, () => {
      if (k.flag !== undefined) {
        const row = k as FlagKnob;
        it(`${k.flag}: the CLI accepts the edges and rejects just outside, in the table's words`, () => {
          for (const n of accept) assert.equal(knobFlag(row, text(n)), n, `${k.flag} ${text(n)}`);
          for (const n of [...reject, Number.NaN]) {
            assert.throws(
              () => knobFlag(row, text(n)),
              (e: unknown) => e instanceof UsageError && e.message.includes(`${k.flag!.split(" ")[1]} ${text(n)}: must be ${rangeText(k)}`),
              `${k.flag} ${text(n)}`,
            );
          }
          assert.throws(() => knobFlag(row, ""), UsageError, "an empty value is no number");
          assert.equal(knobFlag(row, undefined), k.default);
        });
        const landed = RUN_FLAGS[name];
        if (landed !== undefined) {
          it(`${k.flag}: meshcheck run reads the same range`, () => {
            const flag = k.flag!.split(" ")[1]!;
            for (const n of accept) assert.equal(landed(parseRunArgs([flag, text(n)])), n);
            for (const n of reject) assert.throws(() => parseRunArgs([flag, text(n)]), UsageError, `${flag} ${text(n)}`);
          });
        }
      }
      if (k.env !== undefined) {
        const row = k as EnvKnob;
        const v = k.env.name;
        if (DURATIONS.includes(name)) {
          it(`-e ${v}: k6 accepts the edges and rejects just outside, in seconds`, () => {
            const d = row as EnvKnob & { default: number };
            for (const n of accept) assert.equal(durationEnv({ [v]: `${text(n)}s` }, d).seconds, n);
            for (const n of reject) assert.throws(() => durationEnv({ [v]: `${text(n)}s` }, d), EnvError, `${v}=${text(n)}s`);
          });
        } else {
          it(`-e ${v}: k6 accepts the edges and rejects just outside, in the table's words`, () => {
            for (const n of accept) assert.equal(knobEnv({ [v]: text(n) }, row, 0.5), n, `${v}=${text(n)}`);
            for (const n of [...reject, Number.NaN]) {
              assert.throws(() => knobEnv({ [v]: text(n) }, row, 0.5), (e: unknown) => e instanceof EnvError && e.message === `-e ${v}=${text(n)}: expected ${rangeText(k)}`, `${v}=${text(n)}`);
            }
            if (k.default !== undefined) assert.equal(knobEnv({}, row), k.default);
          });
        }
      }
      if (name in STATS_ROWS) {
        const setting = STATS_ROWS[name as keyof typeof STATS_ROWS];
        it("the harness's statistics accept the edges and reject just outside", () => {
          for (const n of accept) assert.equal(resolveSpec({ weights: { a: 90, b: 10 }, [setting]: n })[setting], n);
          for (const n of reject) assert.throws(() => checkSetting(setting, n), new RegExp(`^Error: ${setting} must be ${rangeText(k).replace(/\./g, "\\.")} \\(got `));
          for (const n of reject) assert.throws(() => resolveSpec({ weights: { a: 90, b: 10 }, [setting]: n }), Error);
        });
        if (setting !== "budget") {
          it("the k6 share plans accept the edges and reject just outside", () => {
            const base = { alpha: STATS_DEFAULTS.alpha, beta: STATS_DEFAULTS.beta, delta: STATS_DEFAULTS.delta };
            // The tightest edges (a tiny δ) would plan astronomically many requests: only the check is run.
            for (const n of accept) assert.doesNotThrow(() => planShares({ a: 50, b: 50 }, { ...base, [setting]: n }));
            for (const n of reject) assert.throws(() => planShares({ a: 50, b: 50 }, { ...base, [setting]: n }), RangeError);
          });
        }
      }
    });
  }
});

describe("meshcheck --help states the table's defaults", () => {
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Each flag's own line in its command's help gives its default.
  const cases: [CommandName, string, Knob & { default: number }][] = [
    ["run", "--tolerance", KNOBS.delta],
    ["run", "--alpha", KNOBS.alpha],
    ["run", "--beta", KNOBS.beta],
    ["run", "--budget", KNOBS.budget],
    ["history", "--last", KNOBS.historyLast],
    ["load", "--rate", KNOBS.cliLoadRate],
    ["load", "--budget", KNOBS.cliLoadBudget],
  ];
  for (const [command, flag, k] of cases) {
    it(`${command} ${flag}: default ${k.default}`, () => assert.match(commandUsage(command), new RegExp(`^  ${flag} [^]*?\\(default ${esc(String(k.default))}[);]`, "m")));
  }
  it("diff --alpha: the range the table gives", () => assert.match(commandUsage("diff"), new RegExp(`--alpha .*${esc(boundsText(KNOBS.diffAlpha))}`)));
});
