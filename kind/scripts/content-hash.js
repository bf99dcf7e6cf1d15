// Usage: node content-hash.js ROOT PATH...  → the sha256 (hex) of the files under the PATHs
// (relative to ROOT; directories walked), each as its path and bytes, in sorted order. The echo
// image's tag: equal inputs give the same tag, and any changed, added or removed file a new one,
// so a rebuild rolls the pods. Node's crypto rather than sha256sum, which macOS lacks.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const [root, ...paths] = process.argv.slice(2);
if (!root || paths.length === 0) {
  console.error("usage: node content-hash.js ROOT PATH...");
  process.exit(2);
}

function files(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

const all = paths.flatMap((p) => files(resolve(root, p))).map((f) => relative(root, f).split("\\").join("/"));
const hash = createHash("sha256");
for (const f of [...new Set(all)].sort()) {
  const bytes = readFileSync(join(root, f));
  hash.update(`${f}\0${bytes.length}\0`);
  hash.update(bytes);
}
console.log(hash.digest("hex"));
