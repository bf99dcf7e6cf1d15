// Parses X-Forwarded-Client-Cert as Envoy writes it: comma-separated elements, each a list of
// semicolon-separated Key=Value pairs, values optionally double-quoted (quoted values may hold
// commas, semicolons and backslash-escaped quotes). Each proxy on the path appends one element,
// so the LAST element describes the nearest caller.
import type { CallerIdentity } from "../../../spec/echo/protocol.js";

export interface XfccElement {
  /** The element's text as it appeared in the header (trimmed). */
  raw: string;
  /** Key → values, keys lower-cased (Envoy writes By, Hash, Cert, Chain, Subject, URI, DNS). */
  fields: Map<string, string[]>;
}

/** Splits on `sep` outside double quotes, honouring backslash escapes inside quotes. */
function splitUnquoted(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = "";
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inQuotes && ch === "\\" && i + 1 < text.length) {
      current += ch + (text[i + 1] as string);
      i++;
      continue;
    }
    if (ch === '"') inQuotes = !inQuotes;
    if (ch === sep && !inQuotes) {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    return v.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return v;
}

/** Parses every element; malformed pairs (no `=`) are skipped rather than rejected. */
export function parseXfcc(header: string): XfccElement[] {
  const elements: XfccElement[] = [];
  for (const rawElement of splitUnquoted(header, ",")) {
    const raw = rawElement.trim();
    if (raw === "") continue;
    const fields = new Map<string, string[]>();
    for (const pair of splitUnquoted(raw, ";")) {
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const key = pair.slice(0, eq).trim().toLowerCase();
      const values = fields.get(key) ?? [];
      values.push(unquote(pair.slice(eq + 1)));
      fields.set(key, values);
    }
    elements.push({ raw, fields });
  }
  return elements;
}

/**
 * The nearest caller's identity: the URI of the last element. If that element has no URI the
 * nearest hop presented no SPIFFE identity, so there is no caller (we do not fall back to an
 * earlier hop, which would credit the wrong workload).
 */
export function callerFromXfcc(header: string | string[] | undefined): CallerIdentity | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(",") : header;
  const last = parseXfcc(text).at(-1);
  const uri = last?.fields.get("uri")?.[0];
  if (last === undefined || uri === undefined || uri === "") return undefined;
  return { uri, raw: last.raw };
}
