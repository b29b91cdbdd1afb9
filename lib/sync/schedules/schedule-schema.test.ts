import { describe, expect, it } from "vitest";
import { canonicalTimezone, cronProblem, scheduleInputSchema, timezoneProblem } from "@/lib/sync/schedules/schedule-schema";
import { DEFAULT_SCHEDULES } from "@/lib/sync/schedules/defaults";

const parse = (input: unknown) => scheduleInputSchema.safeParse(input);
const messages = (input: unknown) => {
  const r = parse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("a schedule's cron expression", () => {
  it("accepts seed 001's defaults and ordinary five-field expressions", () => {
    for (const cron of [DEFAULT_SCHEDULES.pull.cron, DEFAULT_SCHEDULES.synchronize.cron, "*/15 * * * *", "30 6 * * 1-5", "0 0 1 * *", "0 12 * JAN,JUL MON"]) {
      expect(cronProblem(cron), cron).toBeNull();
    }
  });

  it("refuses what is not five fields, with the fields spelled out and an example", () => {
    expect(cronProblem("")).toMatch(/^Enter a cron expression, e\.g\. 0 3 \* \* \*/);
    expect(cronProblem("0 3 * *")).toMatch(/five fields: minute \(0-59\), hour \(0-23\).*"0 3 \* \*" has 4/);
    expect(cronProblem("0 0 3 * * *")).toMatch(/has 6/); // seconds: BullMQ would read the fields differently
    expect(cronProblem("@daily")).toMatch(/has 1/);
  });

  it("refuses out-of-range values and nonsense with the parser's reason and what each field takes", () => {
    expect(cronProblem("61 * * * *")).toMatch(/^"61 \* \* \* \*" is not a valid cron expression \(.*59.*\)\. Check its five fields/);
    expect(cronProblem("0 25 * * *")).toMatch(/not a valid cron expression/);
    expect(cronProblem("a b c d e")).toMatch(/not a valid cron expression/);
    expect(cronProblem("0 0 31 2 *")).toMatch(/not a valid cron expression/);
  });

  it("refuses hashed values, which the page and the worker could read differently", () => {
    expect(cronProblem("H 3 * * *")).toMatch(/"H" \(a hashed value\) is not supported/);
    // A day name holding an H is not a hash.
    expect(cronProblem("0 3 * * THU")).toBeNull();
  });

  it("refuses runs less than 15 minutes apart, even when only some are", () => {
    expect(cronProblem("* * * * *")).toMatch(/only 1 minute apart; leave at least 15 minutes/);
    expect(cronProblem("*/5 * * * *")).toMatch(/only 5 minutes apart/);
    expect(cronProblem("0,10 3 * * *")).toMatch(/only 10 minutes apart/);
    expect(cronProblem("0,15 3 * * *")).toBeNull();
    // Across an hour: 03:55 then 04:05.
    expect(cronProblem("5,55 3,4 * * *")).toMatch(/only 10 minutes apart/);
    expect(cronProblem("5,55 3,5 * * *")).toBeNull();
    // Across midnight: 23:55 then 00:05 the next day.
    expect(cronProblem("5,55 0,23 * * *")).toMatch(/only 10 minutes apart/);
  });
});

describe("a schedule's time zone", () => {
  it("accepts IANA names and stores their canonical spelling", () => {
    expect(canonicalTimezone("utc")).toBe("UTC");
    expect(canonicalTimezone("Europe/Paris")).toBe("Europe/Paris");
    expect(timezoneProblem("America/New_York")).toBeNull();
  });

  it("refuses unknown or empty zones with examples of real ones", () => {
    expect(timezoneProblem("Mars/Olympus")).toBe('"Mars/Olympus" is not a time zone. Use an IANA name such as UTC, Europe/Paris or America/New_York.');
    expect(timezoneProblem("  ")).toMatch(/^Enter a time zone/);
    expect(canonicalTimezone("Mars/Olympus")).toBeNull();
  });
});

describe("scheduleInputSchema", () => {
  it("normalises a valid schedule", () => {
    expect(parse({ cron: "  0   3 * * * ", timezone: "utc", paused: false })).toMatchObject({ success: true, data: { cron: "0 3 * * *", timezone: "UTC", paused: false } });
  });

  it("puts each problem on its own field", () => {
    expect(messages({ cron: "0 3 * *", timezone: "Nowhere/Land", paused: false })).toEqual({
      cron: expect.stringMatching(/has 4/),
      timezone: expect.stringMatching(/"Nowhere\/Land" is not a time zone/),
    });
    expect(Object.keys(messages({ cron: "0 3 * * *", timezone: "UTC" }))).toEqual(["paused"]);
    expect(Object.keys(messages({ cron: "0 3 * * *", timezone: "UTC", paused: false, extra: 1 }))).toEqual([""]);
  });
});
