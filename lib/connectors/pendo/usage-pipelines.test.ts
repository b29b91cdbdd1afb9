import { describe, expect, it } from "vitest";
import { addPeriods, startOfPeriod } from "@/emulators/fixture/runtime/tz";
import { dayCount, featureDaysPipeline, instantInside, pendoDayOf, pollAnswersPipeline, visitorDaysPipeline } from "@/lib/connectors/pendo/usage-pipelines";

const localDay = (ms: number, tz: string) => new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);

// Zones a Pendo subscription may use, from UTC−10 to UTC+13, with and without daylight saving and
// with odd offsets. Each is checked on every day of a year (both daylight-saving changes included).
const ZONES = ["Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/New_York", "America/St_Johns", "UTC", "Europe/London", "Europe/Berlin", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Tokyo", "Australia/Adelaide", "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Tongatapu"];

describe("Pendo days", () => {
  it("names every local midnight by its local date, and asks for a day by an instant Pendo snaps to that midnight", () => {
    for (const tz of ZONES) {
      let midnight = startOfPeriod("daily", Date.parse("2026-01-01T12:00:00Z"), tz);
      for (let i = 0; i < 366; i++) {
        const day = pendoDayOf(midnight);
        expect(day, `${tz} ${new Date(midnight).toISOString()}`).toBe(localDay(midnight, tz));
        expect(startOfPeriod("daily", instantInside(day), tz), `${tz} ${day}`).toBe(midnight);
        midnight = addPeriods("daily", midnight, 1, tz);
      }
    }
  });

  it("counts the days of a range, both ends included", () => {
    expect(dayCount("2026-11-01", "2026-11-07")).toBe(7);
    expect(dayCount("2026-12-31", "2027-01-01")).toBe(2);
  });

  it("asks for the range from an instant inside its first day, and pages on (day, visitor) before grouping", () => {
    const first = visitorDaysPipeline("2026-11-01", "2026-11-07", null, 1000);
    expect(first[0]).toEqual({ source: { events: { appId: 'expandAppIds("*")' }, timeSeries: { period: "dayRange", first: Date.parse("2026-11-01T10:30:00Z"), count: 7 } } });
    expect(first.some((s) => "filter" in s)).toBe(false);
    expect(first.at(-1)).toEqual({ limit: 1000 });
    const next = featureDaysPipeline("2026-11-01", "2026-11-07", { day: 1_793_000_000_000, visitorId: 'o"brien' }, 1000);
    const filterAt = next.findIndex((s) => "filter" in s);
    expect(next[filterAt]).toEqual({ filter: 'day > 1793000000000 || (day == 1793000000000 && visitorId > "o\\"brien")' });
    expect(filterAt).toBeLessThan(next.findIndex((s) => "group" in s));
  });

  it("asks Pendo for the start of each poll answer's day, since only Pendo knows its zone", () => {
    const select = pollAnswersPipeline("g", "p", "2026-11-01", "2026-11-02").find((s) => "select" in s) as { select: Record<string, string> };
    expect(select.select.day).toBe('startOfPeriod("daily", browserTime)');
  });
});
