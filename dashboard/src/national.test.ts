import { describe, expect, it } from "vitest";
import { addDays, byCapability, percentOf, providerCells, summaryRow, windowProblem, type CapabilityDay, type Provider } from "./national";

function day(code: string, date: string, figures: Partial<CapabilityDay> = {}): CapabilityDay {
  return {
    day: date,
    capability: { code, label: code.toLowerCase() },
    capable: 0, available: 0, requested: 0, committed: 0, onDuty: 0, uncommitted: 0, headroom: 0,
    ...figures,
  };
}

describe("windowProblem", () => {
  it("takes a window of one day up to 92 days on", () => {
    expect(windowProblem("2021-11-04", "2021-11-04")).toBeNull();
    expect(windowProblem("2021-11-01", addDays("2021-11-01", 92))).toBeNull();
  });

  it.each([
    ["", "2021-11-04", "Enter the first and the last day."],
    ["2021-11-05", "2021-11-04", "The last day must be on or after the first day."],
    ["2021-11-01", "2022-02-02", "The last day must be at most 92 days after the first."],
  ])("refuses %j to %j in words", (startsOn, endsOn, problem) => {
    expect(windowProblem(startsOn, endsOn)).toBe(problem);
  });
});

describe("addDays", () => {
  it("crosses month and year ends in UTC", () => {
    expect(addDays("2021-12-31", 1)).toBe("2022-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });
});

describe("byCapability", () => {
  const rows = [
    day("A", "2021-11-01"), day("B", "2021-11-01", { capable: 3 }),
    day("A", "2021-11-02"), day("B", "2021-11-02", { requested: 2 }),
    day("C", "2021-11-01", { onDuty: 1 }),
  ];

  it("groups days by capability in the answer's order", () => {
    expect(byCapability(rows, true).map((days) => days.map((d) => `${d.capability.code} ${d.day}`))).toEqual([
      ["A 2021-11-01", "A 2021-11-02"], ["B 2021-11-01", "B 2021-11-02"], ["C 2021-11-01"],
    ]);
  });

  it("leaves out capabilities of zeros unless they were chosen", () => {
    expect(byCapability(rows, false).map((days) => days[0].capability.code)).toEqual(["B", "C"]);
  });
});

describe("summaryRow", () => {
  it("gives the peak demand, the tightest day and the days short", () => {
    const days = [
      day("PO", "2021-11-01", { requested: 10, committed: 4, available: 7, headroom: 1 }),
      day("PO", "2021-11-02", { requested: 25, committed: 5, available: 3, headroom: -17 }),
      day("PO", "2021-11-03", { requested: 5, committed: 5, available: 9, headroom: 9 }),
    ];
    expect(summaryRow(days)).toEqual(["po", 25, 5, 3, -17, 1]);
  });
});

describe("providerCells", () => {
  const provider: Provider = {
    force: { code: "merseyside", name: "Merseyside Police" },
    region: { code: "north-west", label: "North West" },
    distanceKm: 299.54, capable: 10, busy: 5, pending: 0, officersAvailable: 5, unitsAvailable: 0,
    canSend: false, establishment: 3588, officersAway: 5, shareAway: 0.0014,
  };

  it("shows distance to 0.1 km and the share away as a percentage", () => {
    expect(providerCells(provider)).toEqual(["Merseyside Police", "North West", 299.5, 5, 0, "No", 3588, 5, 0.14]);
  });

  it("leaves the share empty for a force without a published establishment", () => {
    expect(providerCells({ ...provider, establishment: null, shareAway: null }).slice(6)).toEqual([null, 5, null]);
    expect(percentOf(0.25)).toBe(25);
  });
});

describe("labelInterval", () => {
  it("shows every label up to 24 and about 24 beyond", async () => {
    const { labelInterval } = await import("./figure");
    expect(labelInterval(14)).toBe(0);
    expect(labelInterval(24)).toBe(0);
    expect(labelInterval(72)).toBe(2);
    expect(labelInterval(93)).toBe(3);
  });
});
