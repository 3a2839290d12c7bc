// The national picture: officers free to be sent against demand, per capability and day
// (`nationalPicture`), and who can send a number of units for a window (`capacityProviders`).
// Every figure is a count of officers: every role that reads may see it, and no document here
// names a person.

import CapacityProviders from "../documents/CapacityProviders.graphql";
import NationalPicture from "../documents/NationalPicture.graphql";
import { data } from "./api";
import type { Cell } from "./csv";
import { download, toCsv } from "./csv";
import { chartBase, dayLabel, Figures, labelInterval, TEXT, type FigureSpec } from "./figure";
import { h, renderTable, type Table } from "./table";

/** The code lists the choosers offer (`CodeLists.graphql`). */
export interface CodeLists {
  capabilities: { code: string; label: string }[];
  resourceUnits: { code: string; label: string; officers: number; composition: string }[];
  forces: { code: string; name: string }[];
}

export interface CapabilityDay {
  day: string;
  capability: { code: string; label: string };
  capable: number;
  available: number;
  requested: number;
  committed: number;
  onDuty: number;
  uncommitted: number;
  headroom: number;
}

export interface Provider {
  force: { code: string; name: string };
  region: { code: string; label: string };
  distanceKm: number;
  capable: number;
  busy: number;
  pending: number;
  officersAvailable: number;
  unitsAvailable: number;
  canSend: boolean;
  establishment: number | null;
  officersAway: number;
  shareAway: number | null;
}

/** The longest window the hub answers: the last day at most 92 days after the first. */
export const MAX_DAYS_ON = 92;

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** What is wrong with a window, in words, or null when the hub will take it. */
export function windowProblem(startsOn: string, endsOn: string): string | null {
  if (!startsOn || !endsOn) return "Enter the first and the last day.";
  if (endsOn < startsOn) return "The last day must be on or after the first day.";
  if (endsOn > addDays(startsOn, MAX_DAYS_ON)) return `The last day must be at most ${MAX_DAYS_ON} days after the first.`;
  return null;
}

/** The answer's rows by capability, in the hub's order; without a chosen list, only
 *  capabilities with officers or demand in the window (the others are all zeros). */
export function byCapability(rows: CapabilityDay[], chosen: boolean): CapabilityDay[][] {
  const groups = new Map<string, CapabilityDay[]>();
  for (const row of rows) {
    const group = groups.get(row.capability.code) ?? [];
    group.push(row);
    groups.set(row.capability.code, group);
  }
  const busy = (days: CapabilityDay[]) => days.some((d) => d.capable || d.requested || d.committed || d.onDuty);
  return [...groups.values()].filter((days) => chosen || busy(days));
}

/** One summary row per capability: peak demand, the tightest day, and the days short. */
export function summaryRow(days: CapabilityDay[]): Cell[] {
  return [
    days[0].capability.label,
    Math.max(...days.map((d) => d.requested)),
    Math.max(...days.map((d) => d.committed)),
    Math.min(...days.map((d) => d.available)),
    Math.min(...days.map((d) => d.headroom)),
    days.filter((d) => d.headroom < 0).length,
  ];
}

export const SUMMARY_COLUMNS = ["Capability", "Most requested on a day", "Most committed on a day", "Fewest available on a day", "Lowest headroom", "Days short"];
export const DAY_COLUMNS = ["Day", "Capable", "Available", "Requested", "Committed", "On duty", "Uncommitted", "Headroom"];

export function dayCells(row: CapabilityDay): Cell[] {
  return [row.day, row.capable, row.available, row.requested, row.committed, row.onDuty, row.uncommitted, row.headroom];
}

/** A share of establishment as a percentage with two decimals (0.0016 is 0.16). */
export function percentOf(share: number | null): number | null {
  return share === null ? null : Math.round(share * 10000) / 100;
}

export const PROVIDER_COLUMNS = [
  "Force", "Region", "Distance (km)", "Officers available", "Units available", "Can send",
  "Establishment", "Officers away", "Share of establishment away (%)",
];

export function providerCells(p: Provider): Cell[] {
  return [
    p.force.name, p.region.label, Math.round(p.distanceKm * 10) / 10, p.officersAvailable,
    p.unitsAvailable, p.canSend ? "Yes" : "No", p.establishment, p.officersAway, percentOf(p.shareAway),
  ];
}

function capabilityFigure(days: CapabilityDay[], window: string): FigureSpec {
  const capability = days[0].capability;
  const table: Table = { columns: DAY_COLUMNS, rows: days.map(dayCells) };
  return {
    id: `picture-${capability.code.toLowerCase().replaceAll("_", "-")}`,
    title: capability.label,
    description: "Officers free to be sent each day (line) against officers asked for and committed (bars).",
    table,
    csvName: `national-picture-${capability.code}-${window}.csv`,
    option: {
      ...chartBase(),
      color: ["#00703c", "#1d70b8", "#f47738"],
      grid: { left: 64, right: 16, top: 40, bottom: 64 },
      xAxis: { type: "category", data: days.map((d) => dayLabel(d.day)), axisLabel: { ...TEXT, rotate: 45, interval: labelInterval(days.length) } },
      yAxis: { type: "value", name: "Officers", nameLocation: "middle", nameGap: 44, nameTextStyle: TEXT, axisLabel: TEXT },
      series: [
        { type: "line", name: "Available", step: "middle", data: days.map((d) => d.available) },
        { type: "bar", name: "Requested", data: days.map((d) => d.requested) },
        { type: "bar", name: "Committed", data: days.map((d) => d.committed) },
      ],
    },
  };
}

/** "4 November 2021". */
function longDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

function labelled(id: string, label: string, control: HTMLElement): HTMLElement {
  return h("div", { class: "form-group" }, h("label", { for: id, class: "label" }, label), control);
}

function select(id: string, options: { value: string; text: string }[]): HTMLSelectElement {
  return h("select", { id, class: "select" }, ...options.map((o) => h("option", { value: o.value }, o.text)));
}

function dateInput(id: string, value: string): HTMLInputElement {
  const input = h("input", { id, type: "date", class: "input date" });
  input.value = value;
  return input;
}

function problem(text: string): HTMLElement {
  return h("p", { class: "error-message", role: "alert" }, text);
}

/** The national picture view (`#/national`). */
export class NationalView {
  readonly element = h("div", { id: "national", "data-state": "idle" });
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly chosen: HTMLFieldSetElement;
  private readonly picture = new Figures(h("div", { id: "picture", "aria-live": "polite" }));
  private readonly who: WhoCanSend;

  constructor(lists: CodeLists, window: { startsOn: string; endsOn: string }, ownForce: string | null) {
    this.from = dateInput("picture-from", window.startsOn);
    this.to = dateInput("picture-to", window.endsOn);
    this.chosen = h(
      "fieldset",
      { class: "checkboxes", id: "picture-capabilities" },
      h("legend", { class: "label" }, "Capabilities (none ticked: every capability with officers or demand)"),
      ...lists.capabilities.map((c) =>
        h("label", { class: "checkbox" }, h("input", { type: "checkbox", value: c.code, name: "capability" }), ` ${c.label}`),
      ),
    );
    const form = h(
      "form",
      { id: "picture-form" },
      h("div", { class: "filters" }, labelled("picture-from", "First day", this.from), labelled("picture-to", "Last day", this.to)),
      h("details", { class: "details" }, h("summary", {}, "Choose capabilities"), this.chosen),
      h("button", { type: "submit", class: "button" }, "Show the picture"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.load();
    });
    this.who = new WhoCanSend(lists, ownForce, () => ({ startsOn: this.from.value, endsOn: this.to.value }));
    this.element.append(
      h("h1", { class: "heading-xl" }, "National picture"),
      h("p", { class: "body" }, "Officers free to be sent for mutual aid against the officers live requests ask for, per capability and day, summed over every force. Counts of officers only: no person is named."),
      form,
      this.picture.element,
      this.who.element,
    );
  }

  private capabilities(): string[] {
    return [...this.chosen.querySelectorAll<HTMLInputElement>("input:checked")].map((input) => input.value);
  }

  async load(): Promise<void> {
    const { value: startsOn } = this.from;
    const { value: endsOn } = this.to;
    const wrong = windowProblem(startsOn, endsOn);
    if (wrong) {
      this.picture.clear(problem(wrong));
      this.element.dataset.state = "error";
      return;
    }
    this.element.dataset.state = "loading";
    this.picture.clear(h("p", { class: "loading" }, "Loading…"));
    const chosen = this.capabilities();
    try {
      const answer = await data<{ nationalPicture: CapabilityDay[] }>(NationalPicture, {
        startsOn, endsOn, capabilities: chosen.length ? chosen : null,
      });
      this.show(byCapability(answer.nationalPicture, chosen.length > 0), startsOn, endsOn);
      this.element.dataset.state = "ready";
    } catch (error) {
      this.picture.clear(problem(`The national picture could not be loaded: ${(error as Error).message}`));
      this.element.dataset.state = "error";
    }
  }

  private show(groups: CapabilityDay[][], startsOn: string, endsOn: string): void {
    const window = `${startsOn}-to-${endsOn}`;
    if (groups.length === 0) {
      this.picture.clear(h("p", { class: "inset" }, "No officers hold these capabilities and no live request asks for them in this window."));
      return;
    }
    const summary: Table = { columns: SUMMARY_COLUMNS, rows: groups.map(summaryRow) };
    const all = groups.flat();
    const csv = h("button", { type: "button", class: "button secondary", "data-action": "csv-all" }, "Download every day (CSV)");
    csv.addEventListener("click", () =>
      download(`national-picture-${window}.csv`, toCsv(["Capability", ...DAY_COLUMNS], all.map((row) => [row.capability.label, ...dayCells(row)]))),
    );
    const table = renderTable("Summary by capability", summary, () => undefined);
    table.id = "picture-summary";
    this.picture.show(groups.map((days) => capabilityFigure(days, window)), [
      h("h2", { class: "heading-l", id: "picture-title" }, `Capacity against demand, ${longDate(startsOn)} to ${longDate(endsOn)}`),
      h("p", { class: "hint" }, "Headroom is officers available less officers asked for and not yet committed: a day short has negative headroom."),
      h("div", { class: "table-scroll" }, table),
      h("div", { class: "button-group" }, csv),
    ]);
  }
}

/** "Which forces can send N units of a capability for a window, nearest first". */
class WhoCanSend {
  readonly element = h("section", { id: "who-can-send", class: "panel", "data-state": "idle", "aria-labelledby": "who-title" });
  private readonly result = h("div", { id: "providers-result", "aria-live": "polite" });

  constructor(lists: CodeLists, ownForce: string | null, window: () => { startsOn: string; endsOn: string }) {
    const capability = select("who-capability", lists.capabilities.map((c) => ({ value: c.code, text: c.label })));
    if (lists.capabilities.some((c) => c.code === "PUBLIC_ORDER_L2")) capability.value = "PUBLIC_ORDER_L2";
    const quantity = h("input", { id: "who-quantity", type: "number", min: "1", step: "1", class: "input number", inputmode: "numeric" });
    quantity.value = "1";
    const units = select("who-unit", lists.resourceUnits.map((u) => ({ value: u.code, text: `${u.label} (${u.officers} officer${u.officers === 1 ? "" : "s"})` })));
    const requester = select("who-force", lists.forces.map((f) => ({ value: f.code, text: f.name })));
    if (ownForce) requester.value = ownForce;
    const from = dateInput("who-from", window().startsOn);
    const to = dateInput("who-to", window().endsOn);
    const short = h("input", { id: "who-short", type: "checkbox" });
    const form = h(
      "form",
      { id: "who-form", class: "filters" },
      labelled("who-capability", "Capability", capability),
      labelled("who-quantity", "How many", quantity),
      labelled("who-unit", "Unit", units),
      labelled("who-force", "Requesting force", requester),
      labelled("who-from", "First day", from),
      labelled("who-to", "Last day", to),
      h("div", { class: "form-group" }, h("label", { class: "checkbox", for: "who-short" }, short, " Also list forces that cannot send it all")),
      h("button", { type: "submit", class: "button" }, "Find forces"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const input = {
        requestingForce: requester.value,
        capability: capability.value,
        startsOn: from.value,
        endsOn: to.value,
        quantity: Number(quantity.value),
        unit: units.value,
        includeShort: short.checked,
      };
      const unit = lists.resourceUnits.find((u) => u.code === units.value);
      void this.find(input, `${input.quantity} × ${unit?.label ?? input.unit} of ${capability.selectedOptions[0]?.text ?? input.capability}`);
    });
    this.element.append(
      h("h2", { class: "heading-l", id: "who-title" }, "Who can send"),
      h("p", { class: "hint" }, "Forces other than the requesting one whose officers are free on every day of the window, nearest headquarters first, with the share of their own establishment already away on mutual aid."),
      form,
      this.result,
    );
  }

  private async find(input: Record<string, string | number | boolean>, need: string): Promise<void> {
    const wrong = windowProblem(String(input.startsOn), String(input.endsOn));
    if (!Number.isInteger(input.quantity) || Number(input.quantity) < 1) {
      this.result.replaceChildren(problem("Enter how many units: a whole number, 1 or more."));
      this.element.dataset.state = "error";
      return;
    }
    if (wrong) {
      this.result.replaceChildren(problem(wrong));
      this.element.dataset.state = "error";
      return;
    }
    this.element.dataset.state = "loading";
    this.result.replaceChildren(h("p", { class: "loading" }, "Loading…"));
    try {
      const providers = (await data<{ capacityProviders: Provider[] }>(CapacityProviders, { input })).capacityProviders;
      this.show(providers, need, input);
      this.element.dataset.state = "ready";
    } catch (error) {
      this.result.replaceChildren(problem(`The forces could not be found: ${(error as Error).message}`));
      this.element.dataset.state = "error";
    }
  }

  private show(providers: Provider[], need: string, input: Record<string, string | number | boolean>): void {
    const heading = h("p", { class: "drill-summary", id: "providers-summary" },
      `${need}, ${input.startsOn} to ${input.endsOn}: ${providers.filter((p) => p.canSend).length} force(s) can send it all.`);
    if (providers.length === 0) {
      this.result.replaceChildren(heading, h("p", { class: "inset" }, "No force can send that for the whole window. Tick “Also list forces that cannot send it all” to see what each could send."));
      return;
    }
    const rows = providers.map(providerCells);
    const table = renderTable(`Forces that can send ${need}`, { columns: PROVIDER_COLUMNS, rows }, () => undefined);
    table.id = "providers";
    const csv = h("button", { type: "button", class: "button secondary", "data-action": "csv" }, "Download the list (CSV)");
    csv.addEventListener("click", () => download(`who-can-send-${input.capability}-${input.startsOn}.csv`, toCsv(PROVIDER_COLUMNS, rows)));
    this.result.replaceChildren(heading, h("div", { class: "table-scroll" }, table), h("div", { class: "button-group" }, csv));
  }
}
