// The live board: request status changes as they happen, from the hub's `requestEvents`
// subscription over a WebSocket (graphql-transport-ws), the key sent in `connection_init`.

import { createClient, type Client } from "graphql-ws";
import RequestEvents from "../documents/RequestEvents.graphql";
import { graphqlUrl, session } from "./api";
import { statusLabel } from "./charts";
import { download, toCsv, type Cell } from "./csv";
import { h, renderTable } from "./table";

interface RequestEvent {
  reference: string;
  requestingForce: string;
  sequence: number;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  occurredAt: string;
  actorRole: string;
  actorForce: string | null;
}

const COLUMNS = ["Time", "Request", "Requesting force", "Step", "From", "To", "By (role)"];
const KEEP = 200;

function row(event: RequestEvent): Cell[] {
  return [
    new Date(event.occurredAt).toLocaleTimeString("en-GB"),
    event.reference,
    event.requestingForce,
    statusLabel(event.action),
    statusLabel(event.fromStatus),
    statusLabel(event.toStatus),
    event.actorForce ? `${event.actorRole} (${event.actorForce})` : event.actorRole,
  ];
}

export class LiveBoard {
  readonly element = h("section", { class: "live", "aria-labelledby": "live-title" });
  private client: Client | null = null;
  private events: RequestEvent[] = [];
  private readonly status = h("p", { class: "connection", role: "status" }, "Connecting…");
  private readonly announcer = h("p", { class: "visually-hidden", "aria-live": "polite" });
  private readonly tableHolder = h("div", { class: "table-scroll", id: "live-events" });

  constructor() {
    const csv = h("button", { type: "button", class: "button secondary" }, "Download (CSV)");
    csv.addEventListener("click", () =>
      download("request-events.csv", toCsv(COLUMNS, this.events.map(row))),
    );
    this.element.append(
      h("h2", { id: "live-title", class: "heading-l" }, "Live board"),
      h(
        "p",
        { class: "body" },
        "Steps in requests' lives (raised, submitted, offers accepted, confirmed, …) appear here as they are taken, newest first, without reloading the page.",
      ),
      this.status,
      this.announcer,
      h("div", { class: "button-group" }, csv),
      this.tableHolder,
    );
    this.renderTable();
  }

  start(): void {
    if (this.client) return;
    const key = session.key();
    this.client = createClient({
      url: graphqlUrl("ws"),
      connectionParams: key ? { authorization: `Bearer ${key}` } : {},
      retryAttempts: 5,
      on: {
        connected: () => this.setStatus("Connected: waiting for changes."),
        closed: (event) =>
          this.setStatus(
            (event as CloseEvent | undefined)?.code === 4403
              ? "The hub refused this key for live updates."
              : "Disconnected: reconnecting…",
          ),
        error: () => this.setStatus("The connection failed."),
      },
    });
    this.client.subscribe<{ requestEvents: RequestEvent }>(
      {
        query: RequestEvents.text,
        operationName: RequestEvents.name,
        extensions: { persistedQuery: { version: 1, sha256Hash: RequestEvents.hash } },
      },
      {
        next: (result) => {
          const event = result.data?.requestEvents;
          if (event) this.add(event);
          if (result.errors?.length) this.setStatus(`The hub refused: ${result.errors[0].message}`);
        },
        error: (error) => this.setStatus(`The subscription stopped: ${describe(error)}`),
        complete: () => this.setStatus("The subscription ended."),
      },
    );
  }

  stop(): void {
    void this.client?.dispose();
    this.client = null;
  }

  private add(event: RequestEvent): void {
    this.events = [event, ...this.events].slice(0, KEEP);
    this.announcer.textContent = `${event.reference}: ${statusLabel(event.action)}, now ${statusLabel(event.toStatus)}`;
    this.renderTable();
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private renderTable(): void {
    if (this.events.length === 0) {
      this.tableHolder.replaceChildren(h("p", { class: "hint" }, "No changes yet."));
      return;
    }
    this.tableHolder.replaceChildren(
      renderTable("Request status changes, newest first", { columns: COLUMNS, rows: this.events.map(row) }, () => undefined),
    );
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && "reason" in error) return String((error as CloseEvent).reason || (error as CloseEvent).code);
  if (Array.isArray(error) && error[0]?.message) return String(error[0].message);
  return "unknown error";
}
