// Reads manifest files into documents that remember where each field was written, so every
// load error can name file:line.
import { readFileSync, readdirSync } from "node:fs";
import type { Dirent } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { Document, Node } from "yaml";
import { ManifestError } from "./types.js";
import type { Source } from "./types.js";
import type { Path } from "./path.js";

export interface ManifestDocument {
  /** The file and the line the document's content starts on. */
  source: Source;
  /** The document as plain data (mappings are objects, sequences arrays). */
  value: unknown;
  /** Line of the deepest node on `path` that exists (the key's line for a mapping entry). */
  lineOf(path: Path): number;
}

/**
 * The `*.yaml`/`*.yml` files in `dir`, in name order (which is apply order), then those of each
 * subfolder one level down, in folder name order: make cluster applies kind/manifests/gateway-api
 * after kind/manifests, and the local mesh serves what the cluster would.
 */
export function listManifestFiles(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new ManifestError({ file: displayName(dir), line: 0 }, "manifests", "(directory)", reason(err));
  }
  const yaml = (names: string[]) => names.filter((name) => /\.ya?ml$/.test(name)).sort();
  const files = yaml(entries.filter((e) => e.isFile()).map((e) => e.name)).map((name) => join(dir, name));
  if (files.length === 0) {
    throw new ManifestError({ file: displayName(dir), line: 0 }, "manifests", "(directory)", "holds no *.yaml files");
  }
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const folder of folders) files.push(...yaml(readdirSync(join(dir, folder))).map((name) => join(dir, folder, name)));
  return files;
}

export function readManifestFile(file: string): ManifestDocument[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ManifestError({ file: displayName(file), line: 0 }, "manifests", "(file)", reason(err));
  }
  return parseManifests(text, displayName(file));
}

/** A YAML text's documents and the index that turns their offsets into lines. Read, never changed. */
export interface ParsedYaml {
  docs: readonly Document.Parsed[];
  lines: LineCounter;
}

// A run reads kind/ twice, in preflight (every finding at file:line) and in the local mesh: the
// texts are parsed once. Keyed by the text itself, so an edited file is parsed again; a few
// dozen entries hold kind/, and a long process (the tests) does not keep every text it read.
const PARSED = new Map<string, ParsedYaml>();
const PARSED_MAX = 64;

/** Parses YAML text into its documents, or returns the parse of the same text made before. */
export function parseYaml(text: string): ParsedYaml {
  const done = PARSED.get(text);
  if (done) return done;
  const lines = new LineCounter();
  const parsed = { docs: [...parseAllDocuments(text, { lineCounter: lines, prettyErrors: false })], lines };
  if (PARSED.size >= PARSED_MAX) PARSED.delete(PARSED.keys().next().value as string);
  PARSED.set(text, parsed);
  return parsed;
}

/** Parses YAML text; `file` is only used to name positions. Empty documents are skipped. */
export function parseManifests(text: string, file: string): ManifestDocument[] {
  const { docs, lines } = parseYaml(text);
  const out: ManifestDocument[] = [];
  for (const doc of docs) {
    const lineAt = (offset: number): number => lines.linePos(offset).line;
    const firstError = doc.errors[0];
    if (firstError) {
      throw new ManifestError({ file, line: lineAt(firstError.pos[0]) }, "YAML", "syntax", firstError.message);
    }
    if (doc.contents === null) continue;
    const source: Source = { file, line: lineAt(doc.contents.range[0]) };
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (err) {
      // e.g. an alias to an anchor that does not exist
      throw new ManifestError(source, "YAML", "syntax", reason(err));
    }
    out.push({ source, value, lineOf: (path) => lineOfPath(doc, path, source.line, lineAt) });
  }
  return out;
}

function lineOfPath(doc: Document, path: Path, fallback: number, lineAt: (offset: number) => number): number {
  let node: unknown = doc.contents;
  let line = fallback;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const key = pair.key as Node;
      if (key.range) line = lineAt(key.range[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      if (item.range) line = lineAt(item.range[0]);
      node = item;
    } else {
      break;
    }
  }
  return line;
}

/** Paths relative to the working directory when inside it: short, and clickable in terminals. */
export function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message.split("\n")[0]! : String(err);
}
