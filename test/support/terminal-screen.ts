// What a terminal of `columns` shows after `out` — enough of one to test a status line:
// "\r" returns to column 0, ESC[2K erases the row, other escape sequences take no room, a row
// longer than the terminal wraps onto the next.
const ESC = "\u001b";

export function terminalScreen(out: string, columns: number): string[] {
  const rows: string[] = [""];
  let row = 0;
  let col = 0;
  for (let i = 0; i < out.length; i++) {
    const ch = out[i]!;
    if (out.startsWith(`${ESC}[2K`, i)) {
      rows[row] = "";
      i += 3;
    } else if (ch === ESC) {
      // CSI: parameters then one final byte in @..~
      const m = /^\[[0-?]*[ -/]*[@-~]/.exec(out.slice(i + 1));
      i += m?.[0].length ?? 0;
    } else if (ch === "\r") col = 0;
    else if (ch === "\n") {
      row++;
      col = 0;
      rows[row] ??= "";
    } else {
      if (col >= columns) {
        row++;
        col = 0;
        rows[row] ??= "";
      }
      const r = rows[row]!.padEnd(col);
      rows[row] = r.slice(0, col) + ch + r.slice(col + 1);
      col++;
    }
  }
  return rows.filter((r) => r !== "");
}
