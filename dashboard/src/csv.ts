// CSV export (RFC 4180) that a spreadsheet cannot mistake for a formula.

export type Cell = string | number | null;

/** Characters that make a spreadsheet read a cell as a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as text, with a leading quote before anything a spreadsheet would run. */
export function neutralise(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return String(cell);
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function quoted(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as CSV text, header first, lines ended with CRLF. */
export function toCsv(columns: string[], rows: Cell[][]): string {
  return [columns, ...rows]
    .map((row) => row.map((cell) => quoted(neutralise(cell))).join(","))
    .join("\r\n")
    .concat("\r\n");
}

/** Offer the text as a file download. */
export function download(filename: string, text: string): void {
  const blob = new Blob([text], { type: "text/csv;charset=utf-8" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
