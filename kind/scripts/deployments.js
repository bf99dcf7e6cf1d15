// Usage: node deployments.js DIR → "namespace name" of every Deployment in DIR's YAML, in file
// order: the workloads the scripts wait for and restart, one at a time (the same list whether
// DRY_RUN prints the commands or runs them).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node deployments.js DIR");
  process.exit(2);
}
for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
    const obj = doc.toJS();
    if (obj?.kind === "Deployment" && obj.metadata?.name) console.log(`${obj.metadata.namespace ?? "default"} ${obj.metadata.name}`);
  }
}
