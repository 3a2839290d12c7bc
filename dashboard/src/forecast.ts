// Demand forecast (`demandForecast`): one capability's requests and officer-days per month, the
// history, the forecast with its prediction interval as a band, and the back-test against the
// seasonal-naive baseline said plainly. Aggregates of requests: no person in them.

import DemandForecast from "../documents/DemandForecast.graphql";
import { data, HubRequestError } from "./api";
import type { Cell } from "./csv";
import { chartBase, Figures, labelInterval, monthLabel, TEXT, type FigureSpec } from "./figure";
import type { CodeLists } from "./national";
import { h } from "./table";

export interface ForecastPoint {
  month: string;
  value: number;
  lower: number;
  upper: number;
}

export interface Errors {
  mae: number;
  mase: number | null;
  mape: number | null;
}

export interface Backtest {
  heldBackMonths: number;
  method: string;
  beatsBaseline: boolean;
  summary: string;
  model: Errors;
  baseline: Errors;
}

export interface Series {
  method: string;
  level: number;
  history: { month: string; value: number }[];
  forecast: ForecastPoint[];
  backtest: Backtest | null;
}

export interface Forecast {
  capability: { code: string; label: string };
  historyFrom: string;
  historyTo: string;
  requests: Series;
  officerDays: Series;
}

/** One decimal place, as a table shows a forecast (the CSV keeps the same figure). */
export function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** The back-test in plain words: whether the model beats repeating last year's month. */
export function verdict(backtest: Backtest | null, unit: string): string {
  if (!backtest) return "No back-test: it needs 36 months of history, so this forecast has not been checked against what happened.";
  const errors = `average error ${round1(backtest.model.mae)} ${unit} a month against ${round1(backtest.baseline.mae)} for the baseline, over the last ${backtest.heldBackMonths} months held back`;
  return backtest.beatsBaseline
    ? `The model beats the seasonal-naive baseline (the same month a year before): ${errors}.`
    : `The model does not beat the seasonal-naive baseline (the same month a year before): ${errors}. Plan with the baseline for this series.`;
}

/** The interval as ECharts draws a band: an invisible base at the lower end and the width above it. */
export function band(series: Series): { base: (number | null)[]; width: (number | null)[] } {
  const gap = series.history.map(() => null);
  return {
    base: [...gap, ...series.forecast.map((p) => p.lower)],
    width: [...gap, ...series.forecast.map((p) => p.upper - p.lower)],
  };
}

export const SERIES_COLUMNS = ["Month", "Kind", "Value", "Lower", "Upper"];

/** History and forecast in one table, month by month. */
export function seriesRows(series: Series): Cell[][] {
  return [
    ...series.history.map((m): Cell[] => [m.month, "History", m.value, null, null]),
    ...series.forecast.map((p): Cell[] => [p.month, "Forecast", round1(p.value), round1(p.lower), round1(p.upper)]),
  ];
}

function seriesFigure(id: string, title: string, unit: string, series: Series, capability: string): FigureSpec {
  const months = [...series.history.map((m) => m.month), ...series.forecast.map((p) => p.month)];
  const { base, width } = band(series);
  const last = series.history.length - 1;
  const history = series.history.map((m) => m.value);
  // The forecast line starts at the last month of history, so the two lines join.
  const ahead = months.map((_, i) => (i === last ? history[last] : i > last ? round1(series.forecast[i - last - 1].value) : null));
  const interval = `${Math.round(series.level * 100)}% prediction interval`;
  return {
    id,
    title,
    description: `${title}: history, then the forecast (${series.method}) with its ${interval} as a band.`,
    table: { columns: SERIES_COLUMNS, rows: seriesRows(series) },
    csvName: `forecast-${capability}-${id}.csv`,
    height: 340,
    option: {
      ...chartBase(),
      color: ["#1d70b8", "#f47738", "#f47738", "#f47738"],
      tooltip: { trigger: "axis", confine: true },
      legend: { top: 0, textStyle: TEXT, data: ["History", "Forecast", { name: interval, icon: "rect" }] },
      grid: { left: 64, right: 16, top: 40, bottom: 56 },
      xAxis: { type: "category", data: months.map(monthLabel), axisLabel: { ...TEXT, rotate: 45, interval: labelInterval(months.length) } },
      yAxis: { type: "value", name: unit, nameLocation: "middle", nameGap: 48, nameTextStyle: TEXT, axisLabel: TEXT },
      series: [
        { type: "line", name: "lower", stack: "band", data: base.map(round1), lineStyle: { opacity: 0 }, symbol: "none", tooltip: { show: false } },
        { type: "line", name: interval, stack: "band", data: width.map(round1), lineStyle: { opacity: 0 }, symbol: "none", areaStyle: { color: "#f47738", opacity: 0.25 } },
        { type: "line", name: "History", data: history, symbol: "none", lineStyle: { color: "#1d70b8", width: 2 }, itemStyle: { color: "#1d70b8" } },
        { type: "line", name: "Forecast", data: ahead, symbol: "circle", lineStyle: { type: "dashed", width: 2 } },
      ],
    },
  };
}

function backtestList(series: Series, unit: string, id: string): HTMLElement {
  const test = series.backtest;
  const rows: [string, string][] = [["Model", series.method]];
  if (test) {
    const figure = (value: number | null, suffix = "") => (value === null ? "–" : `${round1(value)}${suffix}`);
    rows.push(
      ["Months held back", String(test.heldBackMonths)],
      ["Mean absolute error: model / baseline", `${figure(test.model.mae)} / ${figure(test.baseline.mae)} ${unit}`],
      ["Scaled error (MASE): model / baseline", `${test.model.mase === null ? "–" : test.model.mase.toFixed(2)} / ${test.baseline.mase === null ? "–" : test.baseline.mase.toFixed(2)}`],
      ["Percentage error (MAPE): model / baseline", `${figure(test.model.mape, "%")} / ${figure(test.baseline.mape, "%")}`],
    );
  }
  return h(
    "div",
    { class: "backtest", id: `${id}-backtest`, "data-beats": test ? String(test.beatsBaseline) : "untested" },
    h("p", { class: test && !test.beatsBaseline ? "warning-text" : "body", "data-role": "verdict" }, verdict(test, unit)),
    h("dl", { class: "summary-list" }, ...rows.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
  );
}

/** The demand forecast view (`#/forecast`). */
export class ForecastView {
  readonly element = h("div", { id: "forecast", "data-state": "idle" });
  private readonly capability: HTMLSelectElement;
  private readonly months: HTMLInputElement;
  private readonly level: HTMLSelectElement;
  private readonly excluded: HTMLFieldSetElement;
  private readonly figures = new Figures(h("div", { id: "forecast-result", "aria-live": "polite" }));

  constructor(lists: CodeLists, operations: { code: string; name: string }[]) {
    this.capability = h("select", { id: "forecast-capability", class: "select" }, ...lists.capabilities.map((c) => h("option", { value: c.code }, c.label)));
    if (lists.capabilities.some((c) => c.code === "PUBLIC_ORDER_L2")) this.capability.value = "PUBLIC_ORDER_L2";
    this.months = h("input", { id: "forecast-months", type: "number", min: "1", max: "24", step: "1", class: "input number", inputmode: "numeric" });
    this.months.value = "12";
    this.level = h("select", { id: "forecast-level", class: "select" }, ...[0.8, 0.9, 0.95].map((l) => h("option", { value: String(l) }, `${l * 100}%`)));
    this.excluded = h(
      "fieldset",
      { class: "checkboxes", id: "forecast-exclude" },
      h("legend", { class: "label" }, "Leave out the requests of these operations (one-off events no year will repeat, at most 10)"),
      ...operations.map((op) => h("label", { class: "checkbox" }, h("input", { type: "checkbox", value: op.code, name: "exclude" }), ` ${op.name} (${op.code})`)),
    );
    const form = h(
      "form",
      { id: "forecast-form" },
      h(
        "div",
        { class: "filters" },
        h("div", { class: "form-group" }, h("label", { for: "forecast-capability", class: "label" }, "Capability"), this.capability),
        h("div", { class: "form-group" }, h("label", { for: "forecast-months", class: "label" }, "Months ahead (1 to 24)"), this.months),
        h("div", { class: "form-group" }, h("label", { for: "forecast-level", class: "label" }, "Prediction interval"), this.level),
      ),
      operations.length ? this.excluded : null,
      h("button", { type: "submit", class: "button" }, "Show the forecast"),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.load();
    });
    this.element.append(
      h("h1", { class: "heading-xl" }, "Demand forecast"),
      h("p", { class: "body" }, "Mutual aid requests and officer-days asked for per month, from the requests the hub holds, with an exponential smoothing forecast. Each forecast is tested on the last 12 months held back, against simply repeating the same month a year before."),
      form,
      this.figures.element,
    );
  }

  async load(): Promise<void> {
    const months = Number(this.months.value);
    if (!Number.isInteger(months) || months < 1 || months > 24) {
      this.figures.clear(h("p", { class: "error-message", role: "alert" }, "Enter the months ahead: a whole number from 1 to 24."));
      this.element.dataset.state = "error";
      return;
    }
    const excluded = [...this.excluded.querySelectorAll<HTMLInputElement>("input:checked")].map((input) => input.value);
    this.element.dataset.state = "loading";
    this.figures.clear(h("p", { class: "loading" }, "Loading… (a forecast takes a second or two)"));
    try {
      const found = (await data<{ demandForecast: Forecast | null }>(DemandForecast, {
        capability: this.capability.value,
        months,
        level: Number(this.level.value),
        excludeOperations: excluded.length ? excluded : null,
      })).demandForecast;
      if (!found) throw new Error("the hub does not know that capability.");
      this.show(found, excluded);
      this.element.dataset.state = "ready";
    } catch (error) {
      const message = error instanceof HubRequestError && error.code === "NOT_ENOUGH_HISTORY"
        ? `Not enough history to forecast ${this.capability.selectedOptions[0]?.text ?? "this capability"}: ${error.message}.`
        : `The forecast could not be loaded: ${(error as Error).message}`;
      this.figures.clear(h("p", { class: "error-message", role: "alert" }, message));
      this.element.dataset.state = "error";
    }
  }

  private show(found: Forecast, excluded: string[]): void {
    const code = found.capability.code;
    const facts = h(
      "p",
      { class: "body", id: "forecast-facts" },
      `${found.capability.label}: history from ${monthLabel(found.historyFrom)} to ${monthLabel(found.historyTo)}` +
        (excluded.length ? `, leaving out ${excluded.join(", ")}.` : ", every operation included."),
    );
    const parts: [string, string, string, Series][] = [
      ["forecast-requests", "Requests per month", "requests", found.requests],
      ["forecast-officer-days", "Officer-days per month", "officer-days", found.officerDays],
    ];
    this.figures.show(parts.map(([id, title, unit, series]) => seriesFigure(id, title, unit, series, code)), [facts]);
    for (const [id, , unit, series] of parts) {
      const card = this.figures.element.querySelector(`#${id}`);
      card?.querySelector(".hint")?.after(h("h4", { class: "heading-s" }, "Back-test"), backtestList(series, unit, id));
    }
  }
}
