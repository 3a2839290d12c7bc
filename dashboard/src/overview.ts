// The operation overview: one card per chart, each with its table, CSV and drill-down.

import { BarChart, HeatmapChart, SankeyChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { run, timings, type GraphQLResult, type PersistedDocument } from "./api";
import { CHARTS, type ChartOptions, type ChartSpec } from "./charts";
import { download, toCsv } from "./csv";
import { h, renderTable, type Drill } from "./table";

echarts.use([
  BarChart, HeatmapChart, SankeyChart, GridComponent, LegendComponent,
  TooltipComponent, VisualMapComponent, SVGRenderer,
]);

type Fetch = (doc: PersistedDocument, variables: object) => Promise<GraphQLResult<Record<string, unknown>>>;

class ChartCard {
  readonly element: HTMLElement;
  private readonly canvas: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly tableHolder: HTMLDivElement;
  private chart: echarts.ECharts | null = null;

  constructor(
    private readonly spec: ChartSpec,
    private readonly onDrill: (drill: Drill) => void,
  ) {
    this.canvas = h("div", {
      class: "chart",
      role: "img",
      "aria-label": `${spec.title}: chart. The figures are in the table below it.`,
    });
    this.tableHolder = h("div", { class: "table-scroll" });
    this.body = h("div", { class: "card-body" });
    this.element = h(
      "section",
      { class: "card", id: spec.id, "data-chart": spec.id, "data-state": "loading", "aria-labelledby": `${spec.id}-title` },
      h("h2", { class: "heading-m", id: `${spec.id}-title` }, spec.title),
      h("p", { class: "hint" }, spec.description),
      this.body,
    );
  }

  async load(options: ChartOptions, fetch: Fetch = (doc, variables) => run(doc, variables)): Promise<void> {
    this.element.dataset.state = "loading";
    this.body.replaceChildren(h("p", { class: "loading" }, "Loading…"));
    try {
      const result = await fetch(this.spec.document, this.spec.variables(options));
      if (result.errors?.length) throw new Error(result.errors[0].message);
      this.show(result.data, options);
    } catch (error) {
      this.element.dataset.state = "error";
      this.body.replaceChildren(
        h("p", { class: "error-message", role: "alert" }, `This chart could not be loaded: ${(error as Error).message}`),
      );
    }
  }

  private show(data: unknown, options: ChartOptions): void {
    const table = this.spec.table(data, options);
    const csv = h("button", { type: "button", class: "button secondary", "data-action": "csv" }, "Download data (CSV)");
    csv.addEventListener("click", () =>
      download(`${this.spec.id}-${options.operation.code}.csv`, toCsv(table.columns, table.rows)),
    );
    const details = h(
      "details",
      { class: "details" },
      h("summary", {}, `Table of ${this.spec.title.toLowerCase()} (${table.rows.length} rows)`),
      this.tableHolder,
    );
    this.tableHolder.replaceChildren(renderTable(this.spec.title, table, this.onDrill));
    if (table.rows.length === 0) {
      this.body.replaceChildren(h("p", { class: "inset" }, "No figures for this operation yet."), details);
    } else {
      this.body.replaceChildren(this.canvas, h("div", { class: "button-group" }, csv), details);
      this.canvas.style.height = `${this.spec.height?.(data) ?? 360}px`;
      this.chart?.dispose();
      this.chart = echarts.init(this.canvas, null, { renderer: "svg" });
      this.chart.setOption(this.spec.option(data, options));
      this.chart.on("click", (params) => {
        const drill = (params.data as { drill?: Drill } | undefined)?.drill;
        if (drill) this.onDrill(drill);
      });
    }
    this.element.dataset.state = "ready";
    this.element.dataset.ms = String(Math.round(timings.get(this.spec.document.name) ?? 0));
  }

  resize(): void {
    this.chart?.resize();
  }
}

export class Overview {
  readonly cards: ChartCard[];
  readonly element: HTMLElement;

  constructor(onDrill: (drill: Drill) => void) {
    this.cards = CHARTS.map((spec) => new ChartCard(spec, onDrill));
    this.element = h("div", { class: "grid" }, ...this.cards.map((card) => card.element));
    new ResizeObserver(() => this.cards.forEach((card) => card.resize())).observe(this.element);
    window.addEventListener("beforeprint", () => {
      this.element.querySelectorAll("details").forEach((details) => (details.open = true));
    });
  }

  /** Load every chart; charts fed by the same document and variables share one request. */
  async load(options: ChartOptions): Promise<void> {
    const asked = new Map<string, ReturnType<Fetch>>();
    const once: Fetch = (doc, variables) => {
      const key = `${doc.hash} ${JSON.stringify(variables)}`;
      if (!asked.has(key)) asked.set(key, run(doc, variables));
      return asked.get(key)!;
    };
    await Promise.all(this.cards.map((card) => card.load(options, once)));
  }
}
