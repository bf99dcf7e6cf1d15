// Making a live status line fit one terminal row. "\r" plus erase-line clears only the row the
// cursor is on, so a status line that wraps leaves its first rows behind on every repaint; a
// line that never wraps is cleared exactly.
//
// Width is counted conservatively instead of exactly: a printable ASCII character is one
// column, any other code point two (no character is wider than two; combining marks and
// zero-width joiners are narrower than counted). The line may be cut a few columns early when
// it holds "…" or a wide name, but it can never wrap — which is all a status line needs, and
// why this is not the string-width package's exact East-Asian-width tables.

const ASCII_PRINTABLE = /^[\x20-\x7e]$/;
// C0/C1 controls and DEL: a name from a profile must not move the cursor or end the row.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;
const ELLIPSIS = "…";

function columnsOf(ch: string): number {
  return ASCII_PRINTABLE.test(ch) ? 1 : 2;
}

/** At most `columns - 1` columns (the last column is left free: writing into it wraps on some terminals). */
export function fitLine(text: string, columns: number): string {
  const room = Math.max(1, Math.floor(columns) - 1);
  const chars = Array.from(text.replace(CONTROL, "?"));
  let used = 0;
  for (let i = 0; i < chars.length; i++) {
    used += columnsOf(chars[i]!);
    if (used > room) {
      // Cut so that the ellipsis fits too.
      const keep: string[] = [];
      let w = 0;
      for (const ch of chars) {
        if (w + columnsOf(ch) > room - columnsOf(ELLIPSIS)) break;
        keep.push(ch);
        w += columnsOf(ch);
      }
      return keep.join("") + (room >= columnsOf(ELLIPSIS) ? ELLIPSIS : "");
    }
  }
  return chars.join("");
}

/** Counted as fitLine counts (an upper bound on the columns `text` takes). */
export function countedColumns(text: string): number {
  let n = 0;
  for (const ch of text) n += columnsOf(ch);
  return n;
}
