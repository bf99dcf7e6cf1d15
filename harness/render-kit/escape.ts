// Escaping for every text a report came from (check names, URLs, response bodies, fault
// strings): a hostile or odd string must never change the structure of XML, HTML or Markdown.

// XML 1.0 cannot carry most C0 controls, lone surrogates or U+FFFE/U+FFFF, even escaped.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function entities(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Text or attribute value for XML (JUnit): entities escaped, unrepresentable characters → U+FFFD. */
export function escapeXml(text: string): string {
  return entities(text.replace(XML_INVALID, "\uFFFD"));
}

/** Text or quoted attribute value for HTML and inline SVG. */
export function escapeHtml(text: string): string {
  return escapeXml(text);
}

/**
 * Inline Markdown text (a table cell or list item): one line; every character that could start
 * emphasis, code, a link, inline HTML, an entity or a table cell is backslash-escaped, and so
 * is a leading character that would make a heading, quote or nested list.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(XML_INVALID, "\uFFFD")
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/[\\`*_[\]<>|~&]/g, (c) => (c === "&" ? "&amp;" : `\\${c}`))
    .replace(/^(\s*)([-+#>=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}
