import { describe, expect, it } from "vitest";
import { neutralise, toCsv } from "./csv";

describe("CSV export", () => {
  it.each(["=1+1", "+44 141", "-2", "@SUM(A1)", "\tx", "\rx"])("neutralises %j", (cell) => {
    expect(neutralise(cell)).toBe(`'${cell}`);
  });

  it("leaves numbers and plain text alone", () => {
    expect(neutralise(-2)).toBe("-2");
    expect(neutralise("Police Scotland")).toBe("Police Scotland");
    expect(neutralise(null)).toBe("");
  });

  it("quotes separators and quotes", () => {
    expect(toCsv(["a", "b"], [['say "hi"', "x,y"], ["=cmd", 3]])).toBe(
      'a,b\r\n"say ""hi""","x,y"\r\n\'=cmd,3\r\n',
    );
  });
});
