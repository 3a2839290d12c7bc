// The overview's charts: for each, the document that feeds it, its table (text alternative and
// CSV) and its ECharts option. Every figure shown comes from the hub's answer, unchanged.

import type { EChartsCoreOption } from "echarts/core";
import DeployedPerDay from "../documents/DeployedPerDay.graphql";
import DutyDaysByForce from "../documents/DutyDaysByForce.graphql";
import FillRates from "../documents/FillRates.graphql";
import MutualAid from "../documents/MutualAid.graphql";
import Occupancy from "../documents/Occupancy.graphql";
import RequestsByStatus from "../documents/RequestsByStatus.graphql";
import type { PersistedDocument } from "./api";
import type { Drill, Table } from "./table";

export interface Operation {
  code: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface ChartOptions {
  operation: Operation;
  stackBy: "REGION" | "FORCE";
}

export interface ChartSpec {
  id: string;
  title: string;
  description: string;
  document: PersistedDocument;
  variables(options: ChartOptions): Record<string, unknown>;
  table(data: any, options: ChartOptions): Table;
  option(data: any, options: ChartOptions): EChartsCoreOption;
  /** Chart height in pixels for this data. */
  height?(data: any): number;
}

interface Named {
  code: string;
  name?: string;
  label?: string;
}

/** GOV.UK Design System colours, in an order that keeps neighbours apart. */
export const PALETTE = [
  "#1d70b8", "#f47738", "#00703c", "#d4351c", "#4c2c92", "#28a197", "#d53880", "#b58840",
  "#003078", "#85994b", "#5694ca", "#912b88", "#505a5f", "#6f72af", "#f499be", "#0b0c0c",
];

// The page's font, named (ECharts measures text with it to truncate long labels).
const TEXT = { fontFamily: 'Arial, "Helvetica Neue", Helvetica, sans-serif', color: "#0b0c0c", fontSize: 14 };

function nameOf(item: Named | null | undefined): string {
  return item ? (item.name ?? item.label ?? item.code) : "Not recorded";
}

function percent(rate: number): number {
  return Math.round(rate * 1000) / 10;
}

function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
}

const AXIS_NAME_X = { nameLocation: "middle", nameGap: 30, nameTextStyle: TEXT } as const;
const AXIS_NAME_Y = { nameLocation: "middle", nameGap: 44, nameTextStyle: TEXT } as const;

const base = (): EChartsCoreOption => ({
  textStyle: TEXT,
  color: PALETTE,
  // The card names the chart and points to its table; ECharts' own description would replace that.
  aria: { enabled: false },
  animation: false,
  tooltip: { trigger: "item", confine: true },
});

interface DutyDayRow {
  day: string;
  force: Named | null;
  region: Named | null;
  officers: number;
  officerDutyDays: number;
}

const deployedPerDay: ChartSpec = {
  id: "deployed-per-day",
  title: "Officers deployed per day",
  description:
    "Distinct officers on duty each day of the operation, stacked by the region or force that provided them.",
  document: DeployedPerDay,
  variables: ({ operation, stackBy }) => ({ operation: operation.code, groupBy: ["DAY", stackBy] }),
  table(data: { officerDutyDays: DutyDayRow[] }, { stackBy }) {
    const group = (row: DutyDayRow) => (stackBy === "FORCE" ? row.force : row.region);
    return {
      columns: ["Day", stackBy === "FORCE" ? "Providing force" : "Region", "Officers", "Duty-days"],
      rows: data.officerDutyDays.map((row) => [
        row.day,
        nameOf(group(row)),
        row.officers,
        row.officerDutyDays,
      ]),
      drills: data.officerDutyDays.map((row) => deploymentDrill(row.day, group(row), stackBy)),
    };
  },
  option(data: { officerDutyDays: DutyDayRow[] }, { stackBy }) {
    const rows = data.officerDutyDays;
    const days = [...new Set(rows.map((row) => row.day))].sort();
    const groups = new Map<string, Named | null>();
    for (const row of rows) {
      const group = stackBy === "FORCE" ? row.force : row.region;
      groups.set(group?.code ?? "", group);
    }
    const series = [...groups].map(([code, group]) => {
      const byDay = new Map(
        rows
          .filter((row) => ((stackBy === "FORCE" ? row.force : row.region)?.code ?? "") === code)
          .map((row) => [row.day, row.officers]),
      );
      return {
        type: "bar",
        name: nameOf(group),
        stack: "officers",
        data: days.map((day) => ({
          value: byDay.get(day) ?? 0,
          drill: deploymentDrill(day, group, stackBy),
        })),
      };
    });
    return {
      ...base(),
      legend: { type: "scroll", bottom: 0, itemGap: 16, textStyle: TEXT },
      grid: { left: 64, right: 16, top: 16, bottom: 96 },
      xAxis: { type: "category", data: days.map(dayLabel), axisLabel: { rotate: 45, ...TEXT } },
      yAxis: { type: "value", name: "Officers", ...AXIS_NAME_Y, axisLabel: TEXT },
      series,
    };
  },
};

function deploymentDrill(
  day: string,
  group: Named | null,
  stackBy: "REGION" | "FORCE",
): Drill | null {
  if (!group) return null;
  return {
    kind: "deployments",
    title: `Deployments on ${dayLabel(day)} of officers from ${nameOf(group)}`,
    variables: {
      forces: stackBy === "FORCE" ? [group.code] : null,
      regions: stackBy === "REGION" ? [group.code] : null,
      dutyDate: { start: day, end: day },
    },
  };
}

interface ForceDays {
  force: Named | null;
  officerDutyDays: number;
  officers: number;
}

const dutyDaysByForce: ChartSpec = {
  id: "duty-days-by-force",
  title: "Duty-days by providing force",
  description: "Officer duty-days worked for the operation, by the force the officers serve in.",
  document: DutyDaysByForce,
  variables: ({ operation }) => ({ operation: operation.code }),
  table(data: { officerDutyDays: ForceDays[] }, { operation }) {
    const rows = [...data.officerDutyDays].sort((a, b) => b.officerDutyDays - a.officerDutyDays);
    return {
      columns: ["Force", "Duty-days", "Officers"],
      rows: rows.map((row) => [nameOf(row.force), row.officerDutyDays, row.officers]),
      drills: rows.map((row) => forceDrill(row.force, operation)),
    };
  },
  option(data: { officerDutyDays: ForceDays[] }, { operation }) {
    const rows = [...data.officerDutyDays].sort((a, b) => a.officerDutyDays - b.officerDutyDays);
    return {
      ...base(),
      grid: { left: 200, right: 24, top: 8, bottom: 48 },
      xAxis: { type: "value", name: "Duty-days", ...AXIS_NAME_X, axisLabel: TEXT },
      yAxis: {
        type: "category",
        data: rows.map((row) => nameOf(row.force)),
        axisLabel: { ...TEXT, width: 190, overflow: "truncate" },
      },
      series: [
        {
          type: "bar",
          name: "Duty-days",
          data: rows.map((row) => ({
            value: row.officerDutyDays,
            drill: forceDrill(row.force, operation),
          })),
        },
      ],
    };
  },
  height: (data: { officerDutyDays: ForceDays[] }) => 60 + 22 * data.officerDutyDays.length,
};

function forceDrill(force: Named | null, operation: Operation): Drill | null {
  if (!force) return null;
  return {
    kind: "deployments",
    title: `Deployments of officers from ${nameOf(force)}, ${operation.startsOn} to ${operation.endsOn}`,
    variables: {
      forces: [force.code],
      dutyDate: { start: operation.startsOn, end: operation.endsOn },
    },
  };
}

interface StatusCount {
  status: string;
  requests: number;
  officersRequested: number;
}

const STATUS_ORDER = [
  "DRAFT", "SUBMITTED", "PARTIALLY_FILLED", "FILLED", "CONFIRMED", "IN_PROGRESS", "COMPLETED",
  "CANCELLED",
];

export function statusLabel(status: string | null): string {
  if (!status) return "–";
  const words = status.toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function statusDrill(row: StatusCount): Drill {
  return {
    kind: "requests",
    title: `Requests with status ${statusLabel(row.status)}`,
    variables: { statuses: [row.status] },
  };
}

const requestsByStatus: ChartSpec = {
  id: "requests-by-status",
  title: "Requests by status",
  description: "Mutual aid requests of the operation in each state, drafts and cancelled ones included.",
  document: RequestsByStatus,
  variables: ({ operation }) => ({ operation: operation.code }),
  table(data: { requestCounts: StatusCount[] }) {
    const rows = [...data.requestCounts].sort(
      (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
    );
    return {
      columns: ["Status", "Requests", "Officers requested"],
      rows: rows.map((row) => [statusLabel(row.status), row.requests, row.officersRequested]),
      drills: rows.map(statusDrill),
    };
  },
  option(data: { requestCounts: StatusCount[] }) {
    const rows = [...data.requestCounts].sort(
      (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
    );
    return {
      ...base(),
      grid: { left: 56, right: 16, top: 16, bottom: 56 },
      xAxis: {
        type: "category",
        data: rows.map((row) => statusLabel(row.status)),
        axisLabel: { ...TEXT, interval: 0, rotate: 20 },
      },
      yAxis: { type: "value", name: "Requests", ...AXIS_NAME_Y, axisLabel: TEXT },
      series: [
        {
          type: "bar",
          name: "Requests",
          data: rows.map((row) => ({ value: row.requests, drill: statusDrill(row) })),
        },
      ],
    };
  },
};

interface FillRateRow {
  capability: Named | null;
  requests: number;
  requested: number;
  committed: number;
  deployed: number;
  commitmentRate: number;
  deploymentRate: number;
}

function capabilityDrill(row: FillRateRow): Drill | null {
  if (!row.capability) return null;
  return {
    kind: "requests",
    title: `Requests for ${nameOf(row.capability)}`,
    variables: { capabilities: [row.capability.code] },
  };
}

const fillRates: ChartSpec = {
  id: "fill-rate-by-capability",
  title: "Fill rate by capability",
  description:
    "Officers committed and deployed as a share of those requested, by capability (open requests only).",
  document: FillRates,
  variables: ({ operation }) => ({ operation: operation.code }),
  table(data: { requestFillRates: FillRateRow[] }) {
    return {
      columns: [
        "Capability", "Requests", "Officers requested", "Committed", "Deployed",
        "Committed (%)", "Deployed (%)",
      ],
      rows: data.requestFillRates.map((row) => [
        nameOf(row.capability), row.requests, row.requested, row.committed, row.deployed,
        percent(row.commitmentRate), percent(row.deploymentRate),
      ]),
      drills: data.requestFillRates.map(capabilityDrill),
    };
  },
  option(data: { requestFillRates: FillRateRow[] }) {
    const rows = data.requestFillRates;
    const bar = (name: string, pick: (row: FillRateRow) => number) => ({
      type: "bar",
      name,
      data: rows.map((row) => ({ value: percent(pick(row)), drill: capabilityDrill(row) })),
    });
    return {
      ...base(),
      legend: { top: 0, textStyle: TEXT },
      grid: { left: 200, right: 24, top: 32, bottom: 48 },
      xAxis: { type: "value", name: "% of officers requested", ...AXIS_NAME_X, axisLabel: TEXT },
      yAxis: {
        type: "category",
        data: rows.map((row) => nameOf(row.capability)),
        axisLabel: { ...TEXT, width: 190, overflow: "truncate" },
      },
      series: [
        bar("Committed (%)", (row) => row.commitmentRate),
        bar("Deployed (%)", (row) => row.deploymentRate),
      ],
    };
  },
  height: (data: { requestFillRates: FillRateRow[] }) => 80 + 40 * data.requestFillRates.length,
};

interface Balance {
  force: Named | null;
  given: number;
  received: number;
  net: number;
}

interface Flow {
  force: Named | null;
  requestingForce: Named | null;
  officerDutyDays: number;
}

interface MutualAidData {
  mutualAidBalance: Balance[];
  flows: Flow[];
}

const balance: ChartSpec = {
  id: "mutual-aid-balance",
  title: "Mutual aid balance between forces",
  description:
    "Officer-days each force gave to other forces' requests and received from other forces.",
  document: MutualAid,
  variables: ({ operation }) => ({ operation: operation.code }),
  table(data: MutualAidData) {
    const rows = [...data.mutualAidBalance].sort((a, b) => b.net - a.net);
    return {
      columns: ["Force", "Officer-days given", "Officer-days received", "Net"],
      rows: rows.map((row) => [nameOf(row.force), row.given, row.received, row.net]),
    };
  },
  option(data: MutualAidData) {
    const rows = [...data.mutualAidBalance].sort((a, b) => a.net - b.net);
    return {
      ...base(),
      legend: { top: 0, textStyle: TEXT },
      grid: { left: 200, right: 24, top: 32, bottom: 48 },
      xAxis: { type: "value", name: "Officer-days (received shown left of zero)", ...AXIS_NAME_X, axisLabel: TEXT },
      yAxis: {
        type: "category",
        data: rows.map((row) => nameOf(row.force)),
        axisLabel: { ...TEXT, width: 190, overflow: "truncate" },
      },
      series: [
        { type: "bar", name: "Given", data: rows.map((row) => row.given) },
        { type: "bar", name: "Received", data: rows.map((row) => -row.received) },
      ],
    };
  },
  height: (data: MutualAidData) => 80 + 24 * data.mutualAidBalance.length,
};

const flows: ChartSpec = {
  id: "mutual-aid-flows",
  title: "Who sent officers to whom",
  description:
    "Officer-days worked by each providing force (left) for each requesting force (right).",
  document: MutualAid,
  variables: ({ operation }) => ({ operation: operation.code }),
  table(data: MutualAidData) {
    const rows = aidFlows(data).sort((a, b) => b.officerDutyDays - a.officerDutyDays);
    return {
      columns: ["Providing force", "Requesting force", "Officer-days"],
      rows: rows.map((row) => [nameOf(row.force), nameOf(row.requestingForce), row.officerDutyDays]),
    };
  },
  option(data: MutualAidData) {
    const rows = aidFlows(data);
    const from = (row: Flow) => `${nameOf(row.force)} (sent)`;
    const to = (row: Flow) => `${nameOf(row.requestingForce)} (received)`;
    const nodes = [...new Set(rows.flatMap((row) => [from(row), to(row)]))].map((name) => ({ name }));
    return {
      ...base(),
      series: [
        {
          type: "sankey",
          left: 8,
          right: 240,
          top: 8,
          bottom: 8,
          nodeGap: 6,
          emphasis: { focus: "adjacency" },
          lineStyle: { color: "gradient", opacity: 0.4 },
          label: { ...TEXT, fontSize: 12 },
          data: nodes,
          links: rows.map((row) => ({ source: from(row), target: to(row), value: row.officerDutyDays })),
        },
      ],
    };
  },
  height: (data: MutualAidData) => Math.max(320, 16 * aidFlows(data).length),
};

/** Duty-days worked for another force's request (a force's own officers are not aid). */
function aidFlows(data: MutualAidData): Flow[] {
  return data.flows.filter(
    (row) => row.force && row.requestingForce && row.force.code !== row.requestingForce.code,
  );
}

interface OccupancyRow {
  night: string;
  rooms: number;
  bookings: number;
  location: Named & { capacity: number | null };
}

/** The day before `day` (officers arrive the night before an operation starts). */
function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

const occupancy: ChartSpec = {
  id: "accommodation-occupancy",
  title: "Accommodation occupancy",
  description:
    "Rooms booked at each accommodation location on each night of the operation (and the night before), as a share of its capacity.",
  document: Occupancy,
  variables: ({ operation }) => ({
    nights: { start: dayBefore(operation.startsOn), end: operation.endsOn },
  }),
  table(data: { accommodationOccupancy: OccupancyRow[] }) {
    return {
      columns: ["Location", "Night", "Rooms booked", "Bookings", "Capacity", "Occupancy (%)"],
      rows: data.accommodationOccupancy.map((row) => [
        nameOf(row.location),
        row.night,
        row.rooms,
        row.bookings,
        row.location.capacity,
        row.location.capacity ? percent(row.rooms / row.location.capacity) : null,
      ]),
    };
  },
  option(data: { accommodationOccupancy: OccupancyRow[] }) {
    const rows = data.accommodationOccupancy;
    const nights = [...new Set(rows.map((row) => row.night))].sort();
    const locations = [...new Set(rows.map((row) => nameOf(row.location)))].sort();
    return {
      ...base(),
      grid: { left: 220, right: 24, top: 8, bottom: 110 },
      xAxis: { type: "category", data: nights.map(dayLabel), axisLabel: { ...TEXT, rotate: 45 } },
      yAxis: {
        type: "category",
        data: locations,
        axisLabel: { ...TEXT, fontSize: 12, width: 210, overflow: "truncate" },
      },
      visualMap: {
        type: "piecewise",
        orient: "horizontal",
        left: "center",
        bottom: 0,
        textStyle: TEXT,
        pieces: [
          { lt: 50, label: "under 50%", color: "#bbd4ea" },
          { gte: 50, lt: 90, label: "50–89%", color: "#5694ca" },
          { gte: 90, lte: 100, label: "90–100%", color: "#003078" },
          { gt: 100, label: "over capacity", color: "#d4351c" },
        ],
      },
      series: [
        {
          type: "heatmap",
          name: "Occupancy (%)",
          data: rows
            .filter((row) => row.location.capacity)
            .map((row) => [
              nights.indexOf(row.night),
              locations.indexOf(nameOf(row.location)),
              percent(row.rooms / (row.location.capacity ?? 1)),
            ]),
        },
      ],
    };
  },
  height: (data: { accommodationOccupancy: OccupancyRow[] }) =>
    160 + 14 * new Set(data.accommodationOccupancy.map((row) => row.location.code)).size,
};

export const CHARTS: ChartSpec[] = [
  deployedPerDay,
  dutyDaysByForce,
  requestsByStatus,
  fillRates,
  balance,
  flows,
  occupancy,
];
