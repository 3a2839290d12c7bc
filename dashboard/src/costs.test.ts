import { describe, expect, it } from "vitest";
import { marking, pounds } from "./costs";

describe("pounds", () => {
  it.each([
    ["1080.00", "£1,080.00"],
    ["89812345.67", "£89,812,345.67"],
    ["-12.5", "-£12.50"],
    ["0.00", "£0.00"],
    ["999", "£999.00"],
  ])("writes %j as %j, from the decimal string", (amount, shown) => {
    expect(pounds(amount)).toBe(shown);
  });

  it("writes a missing amount as a dash", () => {
    expect(pounds(null)).toBe("–");
  });
});

describe("marking", () => {
  it("writes a classification code as the marking on documents", () => {
    expect(marking("OFFICIAL_SENSITIVE")).toBe("OFFICIAL-SENSITIVE");
    expect(marking("OFFICIAL")).toBe("OFFICIAL");
  });

  it("is OFFICIAL when nothing is known", () => {
    expect(marking(undefined)).toBe("OFFICIAL");
  });
});
