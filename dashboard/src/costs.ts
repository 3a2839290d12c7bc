// Cost recovery: the operation's cost statements (who charges whom, the total, what was agreed)
// and, for a chosen statement, its lines, to print or download. Stakeholders see totals only:
// the lines document is never sent for them. No document here asks for an officer's name.

import CostStatementLines from "../documents/CostStatementLines.graphql";
import CostStatements from "../documents/CostStatements.graphql";
import { data } from "./api";
import { statusLabel } from "./charts";
import { download, toCsv, type Cell } from "./csv";
import { h, renderTable } from "./table";

const PAGE_SIZE = 100;

interface Force {
  code: string;
  name: string;
}

interface Statement {
  operation: { classification: string };
  providingForce: Force;
  requestingForce: Force;
  total: string;
  deployments: number;
  lineCount: number;
  rateSets: string[];
  difference: string | null;
  totals: { kind: string; lines: number; hours: string; amount: string }[];
  agreement: { status: string; total: string; recordedAt: string } | null;
}

interface Line {
  kind: string;
  reference: string;
  date: string;
  rank: string | null;
  officers: number;
  quantity: number | null;
  hourlyCost: string | null;
  hours: { rate: string; multiplier: string; hours: string }[];
  amount: string;
  status: string | null;
}

/** Pounds from the API's exact decimal string, grouped by thousands, without a float. */
export function pounds(amount: string | null): string {
  if (amount === null) return "–";
  const negative = amount.startsWith("-");
  const [whole, pence = "00"] = amount.replace(/^[-+]/, "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}£${grouped}.${pence.padEnd(2, "0")}`;
}

/** A decimal string as a CSV number (numbers are written as numbers, never neutralised). */
function money(amount: string | null): Cell {
  return amount === null ? null : Number(amount);
}

function pair(statement: Statement): string {
  return `${statement.providingForce.name} to ${statement.requestingForce.name}`;
}

function hoursByRate(line: Line): string {
  return line.hours.map((part) => `${part.hours} h ${statusLabel(part.rate).toLowerCase()} x ${part.multiplier}`).join("; ");
}

const LIST_COLUMNS = ["Providing force", "Requesting force", "Deployments", "Total", "Agreement", "Agreed total", "Difference since agreed"];
const LINE_COLUMNS = ["Kind", "Reference", "Date", "Rank", "Officers", "Status", "Hours by rate", "Hourly cost", "Amount"];

/** The security marking of a classification code, as written on documents: OFFICIAL-SENSITIVE. */
export function marking(classification: string | undefined): string {
  return (classification ?? "OFFICIAL").replace(/_/g, "-");
}

/** The marking shown at the top and the bottom of what may be printed. */
function markingBanner(text: string, id: string): HTMLElement {
  return h("p", { class: "marking", id }, text);
}

function agreementLabel(statement: Statement): string {
  return statement.agreement ? statusLabel(statement.agreement.status) : "Not yet agreed";
}

/** Mark the money columns of a rendered table right-aligned, like its numbers. */
function alignMoney(table: HTMLTableElement, columns: number[]): HTMLTableElement {
  for (const row of table.querySelectorAll("tr")) {
    for (const i of columns) row.children[i]?.classList.add("numeric");
  }
  return table;
}

function csvButton(label: string, filename: string, columns: string[], rows: Cell[][]): HTMLButtonElement {
  const button = h("button", { type: "button", class: "button secondary", "data-action": "csv" }, label);
  button.addEventListener("click", () => download(filename, toCsv(columns, rows)));
  return button;
}

/** The cost recovery view of one operation. */
export class CostView {
  readonly element = h("div", { class: "costs", id: "costs" });
  private readonly list = h("section", { id: "cost-list", "aria-labelledby": "cost-list-title" });
  private readonly detail = h("section", { id: "cost-statement", class: "statement", hidden: "", "aria-labelledby": "statement-title" });
  private operation = "";
  private statements: Statement[] = [];

  constructor(
    private readonly seesLines: boolean,
    controls: HTMLElement,
  ) {
    this.element.append(
      h("h1", { class: "heading-xl", id: "costs-title" }, "Cost recovery"),
      controls,
      h("p", { class: "hint" }, "What each providing force charges each requesting force for the operation, at the national charging rates (docs/costs.md). Amounts in pounds."),
      this.list,
      this.detail,
    );
  }

  async load(operation: string): Promise<void> {
    this.operation = operation;
    this.element.dataset.state = "loading";
    this.detail.hidden = true;
    delete this.element.dataset.statement;
    this.list.replaceChildren(h("p", { class: "loading" }, "Loading…"));
    try {
      this.statements = (await data<{ costStatements: Statement[] }>(CostStatements, { operation })).costStatements;
      this.showList();
    } catch (error) {
      this.list.replaceChildren(h("p", { class: "error-message", role: "alert" }, `The statements could not be loaded: ${(error as Error).message}`));
    }
    this.element.dataset.state = "ready";
  }

  private showList(): void {
    const rows: Cell[][] = this.statements.map((s) => [
      s.providingForce.name, s.requestingForce.name, s.deployments, pounds(s.total),
      agreementLabel(s), pounds(s.agreement?.total ?? null), pounds(s.difference),
    ]);
    const stamp = marking(this.statements[0]?.operation.classification);
    const csvRows: Cell[][] = this.statements.map((s) => [
      s.providingForce.name, s.requestingForce.name, s.deployments, money(s.total),
      agreementLabel(s), money(s.agreement?.total ?? null), money(s.difference), marking(s.operation.classification),
    ]);
    const title = h("h2", { class: "heading-m", id: "cost-list-title" }, `Statements (${this.statements.length})`);
    if (this.statements.length === 0) {
      this.list.replaceChildren(title, h("p", { class: "inset" }, "No statements for this operation: no force has charged another yet."));
      return;
    }
    const table = alignMoney(renderTable("Cost statements", { columns: [...LIST_COLUMNS, "Statement"], rows }, () => undefined), [3, 5, 6]);
    table.id = "cost-statements";
    table.querySelectorAll("tbody tr").forEach((tr, i) => {
      const button = h("button", { type: "button", class: "link-button", "data-statement": String(i) }, "Open");
      button.setAttribute("aria-label", `Open the statement ${pair(this.statements[i])}`);
      button.addEventListener("click", () => void this.open(this.statements[i]));
      tr.append(h("td", {}, button));
    });
    table.querySelector("thead tr")?.append(h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Statement")));
    this.list.replaceChildren(
      markingBanner(stamp, "cost-list-marking"),
      title,
      h("div", { class: "table-scroll" }, table),
      h("div", { class: "button-group" }, csvButton("Download statements (CSV)", `cost-statements-${this.operation}.csv`, [...LIST_COLUMNS, "Classification"], csvRows)),
    );
  }

  private async open(statement: Statement, offset = 0): Promise<void> {
    this.element.dataset.statement = `${statement.providingForce.code}/${statement.requestingForce.code}`;
    delete this.detail.dataset.state;
    const heading = h("h2", { class: "heading-l", id: "statement-title", tabindex: "-1" }, `Statement: ${pair(statement)}`);
    const subtotals = alignMoney(
      renderTable("Subtotals by kind of line", {
        columns: ["Kind", "Lines", "Officer-hours", "Amount"],
        rows: [...statement.totals.map((t) => [statusLabel(t.kind), t.lines, t.hours, pounds(t.amount)]), ["Total", statement.lineCount, null, pounds(statement.total)]],
      }, () => undefined),
      [2, 3],
    );
    subtotals.id = "statement-totals";
    const print = h("button", { type: "button", class: "button secondary", id: "print-statement" }, "Print this statement");
    print.addEventListener("click", () => window.print());
    const close = h("button", { type: "button", class: "button secondary", id: "close-statement" }, "Back to the statements");
    close.addEventListener("click", () => {
      this.detail.hidden = true;
      delete this.element.dataset.statement;
      this.list.querySelector<HTMLElement>("button[data-statement]")?.focus();
    });
    const facts = h(
      "p",
      { class: "body" },
      `Operation ${this.operation}. ${statement.deployments.toLocaleString("en-GB")} deployments priced, ${statement.lineCount.toLocaleString("en-GB")} lines, rate sets ${statement.rateSets.join(", ")}. ` +
        `${agreementLabel(statement)}${statement.agreement ? ` at ${pounds(statement.agreement.total)} (difference since: ${pounds(statement.difference)})` : ""}. Total ${pounds(statement.total)}.`,
    );
    const stamp = marking(statement.operation.classification);
    const parts: Node[] = [
      h("div", { class: "button-group" }, print, close),
      markingBanner(stamp, "statement-marking"),
      heading,
      facts,
      h("div", { class: "table-scroll" }, subtotals),
    ];
    this.detail.replaceChildren(...parts, markingBanner(stamp, "statement-marking-foot"));
    this.detail.hidden = false;
    heading.focus();
    const foot = this.detail.lastElementChild as HTMLElement;
    if (!this.seesLines) {
      foot.before(h("p", { class: "inset", id: "no-lines" }, "Your role sees each statement's totals only: its lines (one officer's duty each) are for the forces concerned and coordinators."));
      this.detail.dataset.state = "ready";
      return;
    }
    const holder = h("div", { id: "statement-lines" }, h("p", { class: "loading" }, "Loading the lines…"));
    foot.before(holder);
    try {
      const variables = {
        operation: this.operation,
        providingForce: statement.providingForce.code,
        requestingForce: statement.requestingForce.code,
        first: PAGE_SIZE,
        offset,
      };
      const found = (await data<{ costStatement: { lines: Line[] } | null }>(CostStatementLines, variables)).costStatement;
      this.showLines(holder, statement, found?.lines ?? [], offset);
    } catch (error) {
      holder.replaceChildren(h("p", { class: "error-message", role: "alert" }, `The lines could not be loaded: ${(error as Error).message}`));
    }
    this.detail.dataset.state = "ready";
  }

  private showLines(holder: HTMLElement, statement: Statement, lines: Line[], offset: number): void {
    const cells = (line: Line, amount: (value: string | null) => Cell): Cell[] => [
      statusLabel(line.kind), line.reference, line.date, line.rank, line.officers,
      statusLabel(line.status), hoursByRate(line), amount(line.hourlyCost), amount(line.amount),
    ];
    const stamp = marking(statement.operation.classification);
    const table = alignMoney(renderTable("Lines of the statement", { columns: LINE_COLUMNS, rows: lines.map((l) => cells(l, pounds)) }, () => undefined), [7, 8]);
    table.id = "statement-line-table";
    const last = offset + lines.length;
    const previous = h("button", { type: "button", class: "button secondary" }, "Previous lines");
    previous.toggleAttribute("disabled", offset === 0);
    previous.addEventListener("click", () => void this.open(statement, Math.max(0, offset - PAGE_SIZE)));
    const next = h("button", { type: "button", class: "button secondary" }, "Next lines");
    next.toggleAttribute("disabled", last >= statement.lineCount);
    next.addEventListener("click", () => void this.open(statement, last));
    const filename = `cost-statement-${this.operation}-${statement.providingForce.code}-${statement.requestingForce.code}.csv`;
    holder.replaceChildren(
      h("h3", { class: "heading-m" }, "Lines"),
      h("p", { class: "drill-summary", "aria-live": "polite" }, lines.length === 0 ? "No lines." : `Lines ${offset + 1} to ${last} of ${statement.lineCount}.`),
      h("div", { class: "table-scroll" }, table),
      h("div", { class: "button-group" }, previous, next, csvButton("Download these lines (CSV)", filename, [...LINE_COLUMNS, "Classification"], lines.map((l) => [...cells(l, money), stamp]))),
    );
  }
}
