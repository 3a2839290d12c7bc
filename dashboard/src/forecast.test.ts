import { describe, expect, it } from "vitest";
import { band, round1, seriesRows, verdict, type Backtest, type Series } from "./forecast";

const series: Series = {
  method: "ETS(A,N,A)",
  level: 0.8,
  history: [{ month: "2025-11-01", value: 4 }, { month: "2025-12-01", value: 6 }],
  forecast: [
    { month: "2026-01-01", value: 5.04, lower: 1.5, upper: 8.56 },
    { month: "2026-02-01", value: 0, lower: 0, upper: 3.25 },
  ],
  backtest: null,
};

const backtest = (beatsBaseline: boolean): Backtest => ({
  heldBackMonths: 12,
  method: "ETS(A,N,A)",
  beatsBaseline,
  summary: "",
  model: { mae: 3.6955, mase: 1.62, mape: 25.4 },
  baseline: { mae: 0.8333, mase: 0.37, mape: 4 },
});

describe("band", () => {
  it("stacks the interval's width on its lower end, after the history's months", () => {
    const { base, width } = band(series);
    expect(base).toEqual([null, null, 1.5, 0]);
    expect(width.map((w) => (w === null ? null : round1(w)))).toEqual([null, null, 7.1, 3.3]);
  });
});

describe("seriesRows", () => {
  it("lists the history, then the forecast with its interval, to one decimal", () => {
    expect(seriesRows(series)).toEqual([
      ["2025-11-01", "History", 4, null, null],
      ["2025-12-01", "History", 6, null, null],
      ["2026-01-01", "Forecast", 5, 1.5, 8.6],
      ["2026-02-01", "Forecast", 0, 0, 3.3],
    ]);
  });
});

describe("verdict", () => {
  it("says plainly when the model does not beat the baseline, and to plan with the baseline", () => {
    expect(verdict(backtest(false), "requests")).toBe(
      "The model does not beat the seasonal-naive baseline (the same month a year before): average error 3.7 requests a month against 0.8 for the baseline, over the last 12 months held back. Plan with the baseline for this series.",
    );
  });

  it("says when it beats it", () => {
    expect(verdict(backtest(true), "officer-days")).toMatch(/^The model beats the seasonal-naive baseline .*3\.7 officer-days a month against 0\.8/);
  });

  it("says when there is no back-test", () => {
    expect(verdict(null, "requests")).toMatch(/^No back-test: it needs 36 months of history/);
  });
});
