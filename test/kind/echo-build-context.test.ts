// The echo image is built from what its Dockerfile copies, and tagged by a hash of what
// ECHO_CONTEXT lists (kind/scripts/echo-image.sh): both must cover every source file the echo
// bundle pulls in, or the image build fails (or a changed file keeps the old tag).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { build } from "esbuild";

/** The repository files (not npm packages) esbuild bundles into the echo image. */
async function echoSources(): Promise<string[]> {
  const out = await build({ entryPoints: ["apps/echo/src/main.ts"], bundle: true, platform: "node", format: "cjs", write: false, metafile: true, logLevel: "silent" });
  return Object.keys(out.metafile.inputs).filter((f) => !f.includes("node_modules/"));
}

const covered = (file: string, paths: string[]) => paths.some((p) => file === p || file.startsWith(`${p.replace(/\/$/, "")}/`));

describe("echo image build context", () => {
  it("the Dockerfile copies, and ECHO_CONTEXT hashes, every source file of the echo bundle", async function () {
    this.timeout(30_000);
    const copied = [...readFileSync("apps/echo/Dockerfile", "utf8").matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    const hashed = /^ECHO_CONTEXT=\(([^)]*)\)/m.exec(readFileSync("kind/scripts/echo-image.sh", "utf8"))?.[1]?.split(/\s+/) ?? [];
    const sources = await echoSources();
    assert.ok(sources.includes("apps/echo/src/main.ts") && sources.some((f) => f.startsWith("spec/echo/")), sources.join(", "));
    assert.deepEqual(sources.filter((f) => !covered(f, copied)), [], `not copied by apps/echo/Dockerfile (COPY ${copied.join(" ")})`);
    assert.deepEqual(sources.filter((f) => !covered(f, hashed)), [], "not in ECHO_CONTEXT");
    assert.deepEqual(["spec/echo/admin-host.ts", "spec/outcome.ts"].filter((f) => !covered(f, ["apps/echo/src", "spec/echo"])), ["spec/outcome.ts"]);
  });
});
