// The layering docs/architecture.md draws, as rules the import graph is checked against
// (test/architecture/layering.test.ts runs them). Bottom to top: spec → apps/echo, manifests →
// expectations → local-mesh, scenarios → harness → bench, bin → test. A folder imports only
// from folders below it; nothing imports in a cycle. Type-only imports count: a type is a
// dependency on a meaning.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "An import cycle means two files share one meaning; move it to the lower one.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "spec-is-the-bottom",
      comment: "spec/ is runtime-neutral (k6, Node and the echo app load it): it imports only spec/ — no Node built-ins, no npm packages.",
      severity: "error",
      from: { path: "^spec/" },
      to: { pathNot: "^spec/" },
    },
    {
      name: "echo-app-reads-only-the-echo-contract",
      comment: "The echo image is built from apps/echo and spec/echo alone.",
      severity: "error",
      from: { path: "^apps/echo/" },
      to: { path: "^(spec/(?!echo/)|manifests|expectations|local-mesh|scenarios|harness|bench|bin|test)/" },
    },
    {
      name: "manifests-above-spec-only",
      severity: "error",
      from: { path: "^manifests/" },
      to: { path: "^(apps|expectations|local-mesh|scenarios|harness|bench|bin|test)/" },
    },
    {
      name: "expectations-read-manifests-not-the-simulation",
      comment: "The target profile comes from the manifests alone, the same for the local mesh and kind.",
      severity: "error",
      from: { path: "^expectations/" },
      to: { path: "^(apps|local-mesh|scenarios|harness|bench|bin|test)/" },
    },
    {
      name: "local-mesh-below-the-harness",
      severity: "error",
      from: { path: "^local-mesh/" },
      to: { path: "^(scenarios|harness|bench|bin|test)/" },
    },
    {
      name: "k6-scenarios-read-only-spec",
      comment: "k6 loads scenarios/ and spec/ only.",
      severity: "error",
      from: { path: "^scenarios/" },
      to: { path: "^(apps|manifests|expectations|local-mesh|harness|bench|bin|test)/" },
    },
    {
      name: "k6-lib-below-the-scenarios",
      severity: "error",
      from: { path: "^scenarios/lib/" },
      to: { path: "^scenarios/(?!lib/)" },
    },
    {
      name: "kind-target-without-the-local-mesh",
      comment: "The kind target's profile comes from expectations/, never from the simulation.",
      severity: "error",
      from: { path: "^harness/targets/kind" },
      to: { path: "^local-mesh/" },
    },
    {
      name: "harness-never-imports-k6-or-tests",
      severity: "error",
      from: { path: "^harness/" },
      to: { path: "^(scenarios|bench|bin|test)/" },
    },
    {
      name: "harness-foundations-below-its-checks",
      comment: "stats, traffic, profile, kube, preflight and the shared leaf files know nothing of checks, runs, reports or the CLI.",
      severity: "error",
      from: { path: "^harness/(stats|traffic|profile|kube|preflight|errors\\.ts|exit-codes\\.ts|version\\.ts|timing\\.ts)" },
      to: { path: "^harness/(checks|features|check-kit|runner|report|render|diff|history|metrics|output|printers|selftest|targets|cli)/" },
    },
    {
      name: "bench-never-imports-tests",
      severity: "error",
      from: { path: "^bench/" },
      to: { path: "^test/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)node_modules/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mjs", ".cjs"] },
  },
};
