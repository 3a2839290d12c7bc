// The dashboard: sign in with an API key, pick an operation, read its figures.

import CodeListsDocument from "../documents/CodeLists.graphql";
import Operations from "../documents/Operations.graphql";
import Viewer from "../documents/Viewer.graphql";
import { data, HubRequestError, session } from "./api";
import type { ChartOptions, Operation } from "./charts";
import { CostView } from "./costs";
import { DrillPanel } from "./drill";
import { ForecastView } from "./forecast";
import { NationalView, type CodeLists } from "./national";
import { LiveBoard } from "./live";
import { Overview } from "./overview";
import { h } from "./table";
import "./style.css";

interface ViewerData {
  viewer: {
    role: "COORDINATOR" | "PARTNER" | "INGEST" | "STAKEHOLDER";
    anonymous: boolean;
    seesPersonalData: boolean;
    force: { code: string; name: string } | null;
  };
}

const ROLE_NAMES = {
  COORDINATOR: "National coordinator",
  PARTNER: "Force partner",
  INGEST: "Force imports",
  STAKEHOLDER: "Government stakeholder",
};

const main = document.getElementById("main-content") as HTMLElement;
const account = document.getElementById("account") as HTMLElement;
const nav = document.getElementById("views") as HTMLElement;

function signInForm(message?: string): void {
  nav.hidden = true;
  account.replaceChildren();
  const input = h("input", {
    id: "api-key",
    name: "api-key",
    class: "input",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "api-key-hint",
  });
  const error = message
    ? h("p", { class: "error-message", id: "sign-in-error", role: "alert" }, message)
    : null;
  const form = h(
    "form",
    { class: "sign-in", id: "sign-in" },
    h("h1", { class: "heading-xl" }, "Sign in"),
    h("p", { class: "body" }, "Management information of the mutual aid hub: operations, deployments, requests and accommodation."),
    error,
    h("label", { for: "api-key", class: "label" }, "API key"),
    h("p", { class: "hint", id: "api-key-hint" }, "The key your hub administrator gave you. It is kept in this browser tab only, until you sign out or close the tab."),
    input,
    h("button", { type: "submit", class: "button" }, "Sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    session.signIn(input.value.trim());
    void start();
  });
  main.replaceChildren(form);
  input.focus();
}

async function start(): Promise<void> {
  if (session.key() === null) return signInForm();
  let viewer: ViewerData["viewer"];
  try {
    viewer = (await data<ViewerData>(Viewer)).viewer;
  } catch (error) {
    session.signOut();
    const code = error instanceof HubRequestError ? error.code : "";
    if (code === "FORBIDDEN") {
      return signInForm("That key is for imports only: it cannot read management information.");
    }
    if (code === "UNAUTHENTICATED") {
      return signInForm("The hub did not accept that key. Check it and try again.");
    }
    return signInForm(`The hub could not answer: ${(error as Error).message}`);
  }
  if (viewer.role === "INGEST") {
    session.signOut();
    return signInForm("That key is for imports only: it cannot read management information.");
  }
  showAccount(viewer);
  const operations = (await data<{ operations: { edges: { node: Operation }[] } }>(Operations)).operations.edges.map((e) => e.node);
  const dashboard = new Dashboard(viewer, operations);
  window.addEventListener("hashchange", () => dashboard.route());
  dashboard.route();
}

function showAccount(viewer: ViewerData["viewer"]): void {
  const who = `${ROLE_NAMES[viewer.role]}${viewer.force ? `, ${viewer.force.name}` : ""}${viewer.anonymous ? " (no key: demo)" : ""}`;
  const signOut = h("button", { type: "button", class: "header-link", id: "sign-out" }, "Sign out");
  signOut.addEventListener("click", () => {
    session.signOut();
    location.hash = "";
    location.reload();
  });
  account.replaceChildren(h("span", { class: "role", id: "role" }, who), signOut);
  nav.hidden = false;
}

class Dashboard {
  private readonly drill: DrillPanel;
  private readonly overview: Overview;
  private readonly live = new LiveBoard();
  private readonly picker: HTMLSelectElement;
  private readonly stackBy: HTMLSelectElement;
  private readonly overviewView: HTMLElement;
  private readonly costs: CostView;
  private readonly costPicker: HTMLSelectElement;
  private planning: Promise<{ national: NationalView; forecast: ForecastView }> | null = null;

  constructor(
    private readonly viewer: ViewerData["viewer"],
    private readonly operations: Operation[],
  ) {
    this.drill = new DrillPanel(() => viewer.seesPersonalData);
    this.overview = new Overview((drill) => this.drill.open(drill, this.operation().code));
    this.picker = h("select", { id: "operation", class: "select" }, ...operations.map((op) => h("option", { value: op.code }, `${op.name} (${op.code})`)));
    this.stackBy = h(
      "select",
      { id: "stack-by", class: "select" },
      h("option", { value: "REGION" }, "Region"),
      h("option", { value: "FORCE" }, "Providing force"),
    );
    this.costPicker = h("select", { id: "cost-operation", class: "select" }, ...operations.map((op) => h("option", { value: op.code }, `${op.name} (${op.code})`)));
    this.costPicker.addEventListener("change", () => (location.hash = `#/costs/${encodeURIComponent(this.costPicker.value)}`));
    this.costs = new CostView(
      viewer.role !== "STAKEHOLDER",
      h("div", { class: "filters" }, h("div", { class: "form-group" }, h("label", { for: "cost-operation", class: "label" }, "Operation"), this.costPicker)),
    );
    this.picker.addEventListener("change", () => (location.hash = `#/overview/${encodeURIComponent(this.picker.value)}`));
    this.stackBy.addEventListener("change", () => void this.overview.cards[0].load(this.options()));
    const print = h("button", { type: "button", class: "button secondary", id: "print" }, "Print this view");
    print.addEventListener("click", () => window.print());
    this.overviewView = h(
      "div",
      { id: "overview" },
      h("h1", { class: "heading-xl", id: "overview-title" }, "Operation overview"),
      h(
        "div",
        { class: "filters" },
        h("div", { class: "form-group" }, h("label", { for: "operation", class: "label" }, "Operation"), this.picker),
        h("div", { class: "form-group" }, h("label", { for: "stack-by", class: "label" }, "Stack officers per day by"), this.stackBy),
        print,
      ),
      h("p", { class: "hint", id: "operation-dates" }),
      this.overview.element,
      this.drill.element,
    );
  }

  private operation(): Operation {
    return this.operations.find((op) => op.code === this.picker.value) ?? this.operations[0];
  }

  private options(): ChartOptions {
    return { operation: this.operation(), stackBy: this.stackBy.value as ChartOptions["stackBy"] };
  }

  /** The national picture and forecast views, built once the code lists have come. */
  private async showPlanning(view: "national" | "forecast"): Promise<void> {
    main.replaceChildren(h("p", { class: "loading" }, "Loading…"));
    this.planning ??= data<CodeLists>(CodeListsDocument).then((lists) => {
      const latest = [...this.operations].sort((a, b) => b.startsOn.localeCompare(a.startsOn))[0];
      const today = new Date().toISOString().slice(0, 10);
      const window = latest ? { startsOn: latest.startsOn, endsOn: latest.endsOn } : { startsOn: today, endsOn: today };
      return {
        national: new NationalView(lists, window, this.viewer.force?.code ?? null),
        forecast: new ForecastView(lists, this.operations),
      };
    });
    try {
      const views = await this.planning;
      if (!location.hash.startsWith(`#/${view}`)) return;
      main.replaceChildren(views[view].element);
      if (views[view].element.dataset.state === "idle") await views[view].load();
    } catch (error) {
      this.planning = null;
      main.replaceChildren(h("p", { class: "error-message", role: "alert" }, `The code lists could not be loaded: ${(error as Error).message}`));
    }
  }

  route(): void {
    const [, view = "overview", code] = location.hash.split("/");
    for (const link of nav.querySelectorAll("a")) {
      link.toggleAttribute("aria-current", link.getAttribute("href") === `#/${view}`);
      if (link.hasAttribute("aria-current")) link.setAttribute("aria-current", "page");
    }
    if (view === "live") {
      main.replaceChildren(this.live.element);
      this.live.start();
      return;
    }
    if (view === "national" || view === "forecast") {
      void this.showPlanning(view);
      return;
    }
    if (this.operations.length === 0) {
      main.replaceChildren(h("h1", { class: "heading-xl" }, "Operation overview"), h("p", { class: "body" }, "The hub holds no operations yet."));
      return;
    }
    if (code) this.picker.value = decodeURIComponent(code);
    if (!this.picker.value) this.picker.value = this.operations[0].code;
    if (view === "costs") {
      this.costPicker.value = this.picker.value;
      main.replaceChildren(this.costs.element);
      void this.costs.load(this.costPicker.value);
      return;
    }
    const op = this.operation();
    (this.overviewView.querySelector("#operation-dates") as HTMLElement).textContent = `${op.name}: ${op.startsOn} to ${op.endsOn}.`;
    main.replaceChildren(this.overviewView);
    this.drill.close();
    void this.overview
      .load(this.options())
      .then(settled)
      .then(() => {
        performance.mark("overview-ready");
        document.body.dataset.ready = "true";
      });
  }
}

/**
 * Resolves once the browser has laid the page out and drawn two frames: filling the charts can
 * make the page taller (a scrollbar appears, the cards narrow), and the charts' ResizeObserver
 * redraws them at their final size in the next frame. Until then a bar is not where it will stay.
 */
function settled(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

void start();
