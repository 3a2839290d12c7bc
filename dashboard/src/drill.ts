// The list behind a bar, a page at a time. Personal fields (officers' names and service
// numbers) are asked for only by roles that may see them, with the purpose the user gives,
// which the hub writes to its audit log (X-Purpose).

import DeploymentList from "../documents/DeploymentList.graphql";
import DeploymentListPersonal from "../documents/DeploymentListPersonal.graphql";
import RequestList from "../documents/RequestList.graphql";
import { run } from "./api";
import { statusLabel } from "./charts";
import { toCsv, download, type Cell } from "./csv";
import { h, renderTable, type Drill, type Table } from "./table";

const PAGE_SIZE = 25;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: any }[];
}

interface DrillState {
  drill: Drill;
  operation: string;
  personal: boolean;
  purpose?: string;
  cursors: (string | null)[];
}

function requestRows(page: Page): Table {
  return {
    columns: ["Reference", "Status", "Officers", "First day", "Last day", "Requesting force", "Capability", "Location"],
    rows: page.edges.map(({ node }) => [
      node.reference,
      statusLabel(node.status),
      node.quantity,
      node.startsOn,
      node.endsOn,
      node.requestingForce?.name ?? null,
      node.capability?.label ?? null,
      node.location?.name ?? null,
    ]),
  };
}

function withheld(value: Cell | undefined): Cell {
  return value === undefined || value === null ? "withheld" : value;
}

function deploymentRows(page: Page, personal: boolean): Table {
  const columns = ["Day", "Status", "Force", "Rank", "Duty unit", "Location"];
  const rows = page.edges.map(({ node }) => {
    const common: Cell[] = [
      node.dutyDate,
      statusLabel(node.status),
      node.officer?.force?.name ?? null,
      node.officer?.rank?.code ?? null,
      node.dutyUnit?.reference ?? null,
      node.location?.name ?? null,
    ];
    if (!personal) return common;
    const officer = node.officer ?? {};
    const name = officer.familyName == null ? null : `${officer.familyName}, ${officer.givenName ?? ""}`;
    return [withheld(officer.serviceNumber), withheld(name), ...common];
  });
  return { columns: personal ? ["Service number", "Name", ...columns] : columns, rows };
}

/** The drill-down panel: opens on a drill, pages with Previous and Next, closes with Escape. */
export class DrillPanel {
  readonly element = h("section", { class: "drill", "aria-labelledby": "drill-title", hidden: "" });
  private state: DrillState | null = null;
  private returnFocus: HTMLElement | null = null;

  constructor(private readonly seesPersonalData: () => boolean) {
    this.element.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
  }

  open(drill: Drill, operation: string): void {
    this.returnFocus = document.activeElement as HTMLElement | null;
    this.state = { drill, operation, personal: false, cursors: [null] };
    void this.load();
  }

  close(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
    this.state = null;
    this.returnFocus?.focus();
  }

  private async load(): Promise<void> {
    const state = this.state;
    if (!state) return;
    const { drill } = state;
    const doc =
      drill.kind === "requests"
        ? RequestList
        : state.personal
          ? DeploymentListPersonal
          : DeploymentList;
    const variables = {
      ...drill.variables,
      ...(drill.kind === "requests" ? { operation: state.operation } : {}),
      first: PAGE_SIZE,
      after: state.cursors[state.cursors.length - 1],
    };
    this.render(h("p", { class: "loading" }, "Loading…"));
    try {
      const result = await run<Record<string, Page>>(doc, variables, state.purpose);
      const page = Object.values(result.data ?? {})[0] as Page;
      const masked = (result.errors ?? []).some((e) => e.extensions?.code === "FORBIDDEN_FIELD");
      this.show(page, masked);
    } catch (error) {
      this.render(h("p", { class: "error-message", role: "alert" }, `The list could not be loaded: ${(error as Error).message}`));
    }
  }

  private show(page: Page, masked: boolean): void {
    const state = this.state!;
    const table =
      state.drill.kind === "requests" ? requestRows(page) : deploymentRows(page, state.personal);
    const first = (state.cursors.length - 1) * PAGE_SIZE + 1;
    const last = first + page.edges.length - 1;
    const summary = h(
      "p",
      { class: "drill-summary", "aria-live": "polite" },
      page.totalCount === 0
        ? "Nothing to list."
        : `Showing ${first.toLocaleString("en-GB")} to ${last.toLocaleString("en-GB")} of ${page.totalCount.toLocaleString("en-GB")}.`,
    );
    const previous = h("button", { type: "button", class: "button secondary" }, "Previous page");
    previous.toggleAttribute("disabled", state.cursors.length <= 1);
    previous.addEventListener("click", () => {
      state.cursors.pop();
      void this.load();
    });
    const next = h("button", { type: "button", class: "button secondary" }, "Next page");
    next.toggleAttribute("disabled", !page.pageInfo.hasNextPage);
    next.addEventListener("click", () => {
      state.cursors.push(page.pageInfo.endCursor);
      void this.load();
    });
    const csv = h("button", { type: "button", class: "button secondary" }, "Download this page (CSV)");
    csv.addEventListener("click", () => download(`${state.drill.kind}.csv`, toCsv(table.columns, table.rows)));
    const parts: (Node | null)[] = [
      summary,
      masked ? h("p", { class: "inset" }, "Some personal fields are withheld: this key may not see them.") : null,
      this.personalControls(),
      renderTable(state.drill.title, table, () => undefined),
      h("div", { class: "button-group" }, previous, next, csv),
    ];
    this.render(...parts);
  }

  private personalControls(): Node | null {
    const state = this.state!;
    if (state.drill.kind !== "deployments" || state.personal || !this.seesPersonalData()) return null;
    const input = h("input", {
      id: "purpose",
      name: "purpose",
      class: "input",
      type: "text",
      required: "",
      maxlength: "200",
      autocomplete: "off",
    });
    const form = h(
      "form",
      { class: "purpose-form" },
      h("label", { for: "purpose", class: "label" }, "Why do you need officers' names and service numbers?"),
      h("p", { class: "hint", id: "purpose-hint" }, "Your reason is recorded in the hub's audit log with your key."),
      input,
      h("button", { type: "submit", class: "button" }, "Show names"),
    );
    input.setAttribute("aria-describedby", "purpose-hint");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const purpose = input.value.trim();
      if (!purpose) return;
      state.personal = true;
      state.purpose = purpose;
      state.cursors = [null];
      void this.load();
    });
    return form;
  }

  private render(...children: (Node | null)[]): void {
    const title = h("h2", { id: "drill-title", class: "heading-m", tabindex: "-1" }, this.state?.drill.title ?? "");
    const close = h("button", { type: "button", class: "button secondary close" }, "Close list");
    close.addEventListener("click", () => this.close());
    const wasHidden = this.element.hidden;
    const active = document.activeElement;
    const hadFocus = active === document.body || this.element.contains(active);
    this.element.replaceChildren(h("div", { class: "drill-head" }, title, close), ...children.filter((c) => c !== null));
    this.element.hidden = false;
    if (wasHidden) this.element.scrollIntoView({ block: "start" });
    if (wasHidden || hadFocus) title.focus();
  }
}
