import { describe, expect, it } from "vitest";
import { viewerFormat, viewerLocale } from "@/lib/accounts/account-page-format";

describe("viewerLocale", () => {
  it("takes the most preferred locale the runtime can format in", () => {
    expect(viewerLocale("de-DE,de;q=0.9,en;q=0.8")).toBe("de-DE");
    expect(viewerLocale("en;q=0.5, fr-CA;q=0.9")).toBe("fr-CA");
    expect(viewerLocale("xx-YY, en-GB;q=0.7")).toBe("en-GB");
  });

  it("falls back to en-US for no header, a wildcard, refused or malformed tags", () => {
    expect(viewerLocale(null)).toBe("en-US");
    expect(viewerLocale("")).toBe("en-US");
    expect(viewerLocale("*")).toBe("en-US");
    expect(viewerLocale("de;q=0")).toBe("en-US");
    expect(viewerLocale("not a tag!!, ;;;")).toBe("en-US");
  });
});

describe("viewerFormat", () => {
  it("groups and rounds numbers in the viewer's conventions, with a true minus sign", () => {
    const us = viewerFormat("en-US");
    const de = viewerFormat("de-DE");
    expect(us.number(12345.67, 1)).toBe("12,345.7");
    expect(de.number(12345.67, 1)).toBe("12.345,7");
    expect(us.number(-7, 1)).toBe("\u22127");
    expect(us.number(-0.01, 1)).toBe("0");
    expect(us.number(null)).toBe("—");
    expect(us.number(Number.NaN)).toBe("—");
  });

  it("signs a change and writes percents of a 0–100 value", () => {
    const us = viewerFormat("en-US");
    expect(us.signed(1.5)).toBe("+1.5");
    expect(us.signed(-7)).toBe("\u22127");
    expect(us.signed(0)).toBe("0");
    expect(us.percent(21.44)).toBe("21.4%");
    expect(viewerFormat("fr-FR").percent(21.44)).toBe("21,4\u00a0%");
    expect(us.percent(null)).toBe("—");
  });

  it("keeps the calendar day a day names, whatever the server's zone", () => {
    expect(viewerFormat("en-US").day("2026-11-19")).toBe("Nov 19, 2026");
    expect(viewerFormat("en-GB").day("2026-01-01")).toBe("1 Jan 2026");
    expect(viewerFormat("en-US").shortDay("2026-12-31")).toBe("Dec 31");
  });
});
