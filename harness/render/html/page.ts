// The page shell: a complete HTML document with the stylesheet inline and a Content Security
// Policy that forbids scripts and any fetch, so the page provably needs no network.

import { escapeHtml as h } from "../../render-kit/escape.js";
import { CSS } from "./styles.js";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
