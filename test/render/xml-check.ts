// A strict little XML well-formedness check (no XML parser is installed): balanced tags,
// quoted attributes, no raw "<" or stray "&" in text, only XML 1.0 characters. Returns the
// element names in document order so tests can count testcases.

const NAME = "[A-Za-z_][\\w.-]*";
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
// eslint-disable-next-line no-control-regex
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkText(text: string, where: string): void {
  if (text.includes("<")) throw new Error(`raw "<" in ${where}`);
  if (text.replace(ENTITY, "").includes("&")) throw new Error(`stray "&" in ${where}: ${text.slice(0, 80)}`);
  if (BAD_CHAR.test(text)) throw new Error(`character not allowed in XML 1.0 in ${where}`);
}

export function xmlElements(xml: string): string[] {
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  const names: string[] = [];
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}="[^"]*")*)\\s*(/?)>`);
  while (rest.length > 0) {
    const lt = rest.indexOf("<");
    const text = lt === -1 ? rest : rest.slice(0, lt);
    checkText(text, `text inside <${stack[stack.length - 1] ?? "document"}>`);
    if (stack.length === 0 && text.trim() !== "") throw new Error("text outside the root element");
    if (lt === -1) break;
    rest = rest.slice(lt);
    const m = tag.exec(rest);
    if (!m) throw new Error(`malformed tag at: ${rest.slice(0, 60)}`);
    const [whole, close, name = "", attrs = "", selfClose] = m;
    for (const a of attrs.matchAll(/="([^"]*)"/g)) checkText(a[1] ?? "", `an attribute of <${name}>`);
    if (close) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`);
    } else {
      names.push(name);
      if (!selfClose) stack.push(name);
    }
    rest = rest.slice(whole.length);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join("> <")}>`);
  return names;
}
