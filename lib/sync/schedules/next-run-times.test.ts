import { describe, expect, it } from "vitest";
import { nextRunTimes, previousRunTime, previousRunTimes } from "@/lib/sync/schedules/next-run-times";
import { pullTimetable } from "@/lib/sync/schedules/pull-timetable";
import { describeCron } from "@/lib/sync/schedules/describe-cron";
import { DEFAULT_SCHEDULES } from "@/lib/sync/schedules/defaults";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const HOUR = 3600_000;

describe("nextRunTimes", () => {
  it("gives seed 001's push times in UTC, strictly after the moment asked", () => {
    const { cron, timezone } = DEFAULT_SCHEDULES.synchronize;
    expect(iso(nextRunTimes(cron, timezone, 5, new Date("2026-06-01T11:00:00Z")))).toEqual([
      "2026-06-01T19:00:00.000Z",
      "2026-06-02T03:00:00.000Z",
      "2026-06-02T11:00:00.000Z",
      "2026-06-02T19:00:00.000Z",
      "2026-06-03T03:00:00.000Z",
    ]);
    expect(nextRunTimes(cron, timezone, undefined, new Date())).toHaveLength(5);
  });

  it("keeps the local hour across the spring-forward change: 09:00 in Paris is 08:00 UTC, then 07:00 UTC", () => {
    expect(iso(nextRunTimes("0 9 * * *", "Europe/Paris", 3, new Date("2026-03-28T12:00:00Z")))).toEqual([
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
    ]);
    expect(iso(nextRunTimes("0 9 * * *", "Europe/Paris", 1, new Date("2026-03-27T12:00:00Z")))).toEqual(["2026-03-28T08:00:00.000Z"]);
  });

  it("runs once on the day a local time does not exist, and once on the day it happens twice (New York)", () => {
    // 2026-03-08: 02:00 jumps to 03:00; the 02:30 run moves to 03:30 EDT rather than vanish.
    expect(iso(nextRunTimes("30 2 * * *", "America/New_York", 3, new Date("2026-03-07T12:00:00Z")))).toEqual([
      "2026-03-08T07:30:00.000Z",
      "2026-03-09T06:30:00.000Z",
      "2026-03-10T06:30:00.000Z",
    ]);
    // 2026-11-01: 01:30 happens twice; the run happens once.
    expect(iso(nextRunTimes("30 1 * * *", "America/New_York", 3, new Date("2026-10-31T12:00:00Z")))).toEqual([
      "2026-11-01T05:30:00.000Z",
      "2026-11-02T06:30:00.000Z",
      "2026-11-03T06:30:00.000Z",
    ]);
  });

  it("gives the previous due times too", () => {
    expect(previousRunTime("0 0 * * *", "UTC", new Date("2026-06-01T00:00:00Z"))?.toISOString()).toBe("2026-05-31T00:00:00.000Z");
    expect(iso(previousRunTimes("0 3,11,19 * * *", "UTC", 3, new Date("2026-06-01T12:00:00Z")))).toEqual([
      "2026-06-01T11:00:00.000Z",
      "2026-06-01T03:00:00.000Z",
      "2026-05-31T19:00:00.000Z",
    ]);
  });
});

describe("pullTimetable", () => {
  const now = new Date("2026-06-01T12:00:00Z");
  it("takes the latest due time and the longest gap any one schedule leaves", () => {
    const t = pullTimetable([{ ...DEFAULT_SCHEDULES.pull, paused: false }, { ...DEFAULT_SCHEDULES.synchronize, paused: false }], now);
    expect(t).toEqual({ lastDueAt: new Date("2026-06-01T11:00:00Z"), intervalMs: 8 * HOUR });
    expect(pullTimetable([{ ...DEFAULT_SCHEDULES.pull, paused: false }], now)).toEqual({ lastDueAt: new Date("2026-06-01T00:00:00Z"), intervalMs: 24 * HOUR });
  });

  it("counts a weekday-only schedule's weekend gap, and nothing when every schedule is paused", () => {
    expect(pullTimetable([{ cron: "0 6 * * 1-5", timezone: "UTC", paused: false }], now)?.intervalMs).toBe(72 * HOUR);
    expect(pullTimetable([{ ...DEFAULT_SCHEDULES.pull, paused: true }], now)).toBeNull();
  });
});

describe("describeCron", () => {
  it("reads the common shapes in plain words", () => {
    expect(describeCron("0 3,11,19 * * *")).toBe("Every day at 03:00, 11:00 and 19:00");
    expect(describeCron("0 0 * * *")).toBe("Every day at 00:00");
    expect(describeCron("30 6 * * 1-5")).toBe("Monday to Friday at 06:30");
    expect(describeCron("0 8 * * 1")).toBe("Every Monday at 08:00");
    expect(describeCron("15 * * * *")).toBe("Every hour at :15");
    expect(describeCron("*/30 * * * *")).toBe("Every 30 minutes");
    expect(describeCron("0 */6 * * *")).toBe("Every 6 hours at :00");
    expect(describeCron("0 2 1 * *")).toBe("Monthly on day 1 at 02:00");
  });

  it("says nothing rather than something wrong", () => {
    expect(describeCron("0 3 * 1-6 *")).toBeNull();
    expect(describeCron("0 3 L * *")).toBeNull();
    expect(describeCron("not a cron")).toBeNull();
  });
});
