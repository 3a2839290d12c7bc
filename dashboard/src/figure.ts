// A figure of the national picture and forecast views: a chart with its data table (the text
// alternative), a CSV download of that table and the ECharts instance behind it.

import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { EChartsCoreOption } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { download, toCsv } from "./csv";
import { h, renderTable, type Table } from "./table";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** The page's font and text colour, for ECharts (as the overview's charts use them). */
export const TEXT = { fontFamily: 'Arial, "Helvetica Neue", Helvetica, sans-serif', color: "#0b0c0c", fontSize: 14 };

/** What every chart of these views shares: no animation, the card's own text alternative. */
export const chartBase = (): EChartsCoreOption => ({
  textStyle: TEXT,
  aria: { enabled: false },
  animation: false,
  tooltip: { trigger: "axis", confine: true },
  legend: { top: 0, textStyle: TEXT },
});

export interface FigureSpec {
  id: string;
  title: string;
  description: string;
  table: Table;
  option: EChartsCoreOption;
  csvName: string;
  height?: number;
}

/** A month or a day as the tables and axes show it: "Nov 2021", "Thu 4 Nov". */
export function monthLabel(month: string): string {
  return new Date(`${month}T00:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
}

export function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
}

/** Every how many category labels to skip so that about 24 fit on an axis (ECharts' own
 *  choice lets rotated labels overlap). */
export function labelInterval(count: number): number {
  return Math.max(0, Math.ceil(count / 24) - 1);
}

/** Render a figure card; the caller keeps the chart to resize or dispose of it. */
export function figureCard(spec: FigureSpec): { element: HTMLElement; chart: echarts.ECharts | null; draw(): void } {
  const canvas = h("div", { class: "chart", role: "img", "aria-label": `${spec.title}: chart. The figures are in the table below it.` });
  const csv = h("button", { type: "button", class: "button secondary", "data-action": "csv" }, "Download data (CSV)");
  csv.addEventListener("click", () => download(spec.csvName, toCsv(spec.table.columns, spec.table.rows)));
  const details = h(
    "details",
    { class: "details" },
    h("summary", {}, `Table of ${spec.title.toLowerCase()} (${spec.table.rows.length} rows)`),
    h("div", { class: "table-scroll" }, renderTable(spec.title, spec.table, () => undefined)),
  );
  const empty = spec.table.rows.length === 0;
  const element = h(
    "section",
    { class: "card", id: spec.id, "data-chart": spec.id, "aria-labelledby": `${spec.id}-title` },
    h("h3", { class: "heading-m", id: `${spec.id}-title` }, spec.title),
    h("p", { class: "hint" }, spec.description),
    empty ? h("p", { class: "inset" }, "No figures for this choice.") : canvas,
    h("div", { class: "button-group" }, csv),
    details,
  );
  canvas.style.height = `${spec.height ?? 320}px`;
  const figure = {
    element,
    chart: null as echarts.ECharts | null,
    draw() {
      if (empty) return;
      figure.chart?.dispose();
      figure.chart = echarts.init(canvas, null, { renderer: "svg" });
      figure.chart.setOption(spec.option);
    },
  };
  return figure;
}

/** Figures that redraw when their holder changes size (tablet rotation, window resize). */
export class Figures {
  private figures: ReturnType<typeof figureCard>[] = [];
  constructor(readonly element: HTMLElement) {
    new ResizeObserver(() => this.figures.forEach((f) => f.chart?.resize())).observe(element);
    // A printout carries the figures as well as the charts, as the overview's does.
    window.addEventListener("beforeprint", () => element.querySelectorAll("details").forEach((d) => (d.open = true)));
  }

  show(specs: FigureSpec[], before: Node[] = []): void {
    this.figures.forEach((f) => f.chart?.dispose());
    this.figures = specs.map(figureCard);
    this.element.replaceChildren(...before, ...this.figures.map((f) => f.element));
    this.figures.forEach((f) => f.draw());
  }

  clear(...nodes: Node[]): void {
    this.figures.forEach((f) => f.chart?.dispose());
    this.figures = [];
    this.element.replaceChildren(...nodes);
  }
}
