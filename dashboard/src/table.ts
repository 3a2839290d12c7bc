// A chart's data as a table: its text alternative, its CSV and its keyboard route to a drill-down.

import type { Cell } from "./csv";

export interface Table {
  columns: string[];
  rows: Cell[][];
  /** For each row, what opening its list shows (absent: the row has no list behind it). */
  drills?: (Drill | null)[];
}

/** A paged list behind a bar: which document and filters, and a title for it. */
export interface Drill {
  kind: "requests" | "deployments";
  title: string;
  variables: Record<string, unknown>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null) element.append(child);
  return element;
}

function formatted(cell: Cell): string {
  if (cell === null) return "–";
  if (typeof cell === "number") return cell.toLocaleString("en-GB");
  return cell;
}

/** The table, each number right-aligned; rows with a list get a button that opens it. */
export function renderTable(
  caption: string,
  table: Table,
  onDrill: (drill: Drill) => void,
): HTMLTableElement {
  const numeric = table.columns.map((_, i) =>
    table.rows.some((row) => typeof row[i] === "number"),
  );
  const head = h(
    "tr",
    {},
    ...table.columns.map((column, i) =>
      h("th", { scope: "col", class: numeric[i] ? "numeric" : "" }, column),
    ),
  );
  if (table.drills) head.append(h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "List")));
  const body = table.rows.map((row, r) => {
    const tr = h(
      "tr",
      {},
      ...row.map((cell, i) =>
        i === 0
          ? h("th", { scope: "row" }, formatted(cell))
          : h("td", { class: numeric[i] ? "numeric" : "" }, formatted(cell)),
      ),
    );
    const drill = table.drills?.[r];
    if (table.drills) {
      const td = h("td", {});
      if (drill) {
        const button = h("button", { type: "button", class: "link-button" }, "Show list");
        button.setAttribute("aria-label", `Show list: ${drill.title}`);
        button.addEventListener("click", () => onDrill(drill));
        td.append(button);
      }
      tr.append(td);
    }
    return tr;
  });
  return h(
    "table",
    { class: "data-table" },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, head),
    h("tbody", {}, ...body),
  );
}
