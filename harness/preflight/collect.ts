// Reads a configuration directory (default kind/) into what the rules look at: every YAML
// document (resources, kind config, helm values) and every shell script's commands.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, isAbsolute } from "node:path";
import { readYamlText } from "./read-yaml.js";
import { shellCommands, helmReleases, helmRepos } from "./shell.js";
import { ingressGateway } from "./gateway-chart.js";
import { asRecord, asString } from "./values.js";
import type { Config, Finding, Resource, ShellCommand, YamlDoc } from "./types.js";

const SKIP_DIRS = new Set(["node_modules", ".git"]);

/** Every file under dir, in a stable order. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".") || SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

/** How a path is shown: relative to the working directory when under it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

export function toResource(doc: YamlDoc): Resource | undefined {
  const obj = asRecord(doc.value);
  if (!obj || typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") return undefined;
  const meta = asRecord(obj.metadata) ?? {};
  const namespace = asString(meta.namespace);
  return { apiVersion: obj.apiVersion, kind: obj.kind, name: asString(meta.name), doc, obj, ...(namespace ? { namespace } : {}) };
}

/** The files of a configuration directory: YAML documents and shell scripts. */
export function collect(dir: string): Config {
  const docs: YamlDoc[] = [];
  const commands: ShellCommand[] = [];
  const readFindings: Finding[] = [];
  for (const path of walk(dir)) {
    const file = displayPath(path);
    if (/\.ya?ml$/.test(path)) {
      const r = readYamlText(readFileSync(path, "utf8"), file);
      docs.push(...r.docs);
      readFindings.push(...r.findings);
    } else if (path.endsWith(".sh")) {
      commands.push(...shellCommands(readFileSync(path, "utf8"), file));
    }
  }
  return assemble(docs, commands, readFindings);
}

export function assemble(docs: YamlDoc[], commands: ShellCommand[], readFindings: Finding[] = []): Config {
  const resources: Resource[] = [];
  const values: YamlDoc[] = [];
  for (const doc of docs) {
    const r = toResource(doc);
    if (r) resources.push(r);
    else if (asRecord(doc.value)) values.push(doc);
  }
  const releases = helmReleases(commands);
  return {
    resources,
    values,
    commands,
    helmReleases: releases,
    helmRepos: helmRepos(commands),
    gateway: ingressGateway(releases, values),
    readFindings,
  };
}
