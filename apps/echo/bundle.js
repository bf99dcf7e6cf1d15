// Bundles the echo app into one CommonJS file for the container image (see Dockerfile), so
// the runtime stage needs node and nothing else. Usage: node apps/echo/bundle.js OUTFILE
import { build } from "esbuild";
import { fileURLToPath, URL } from "node:url";

const outfile = process.argv[2];
if (!outfile) {
  console.error("usage: node apps/echo/bundle.js OUTFILE");
  process.exit(2);
}
await build({
  entryPoints: [fileURLToPath(new URL("./src/main.ts", import.meta.url))],
  bundle: true,
  platform: "node",
  target: "node20",
  // CommonJS because undici and ajv are CommonJS: no ESM require() shims needed.
  format: "cjs",
  outfile,
  legalComments: "none",
  logLevel: "warning",
});
