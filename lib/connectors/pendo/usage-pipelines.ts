// The aggregation pipelines that read Pendo usage for a range of days (spec A2.4 examples 2, 4
// and 5), and how a day is named. Pure: lib/connectors/pendo/usage.ts sends them.
//
// Pendo cuts days at midnight in the subscription's time zone and says so only through its answers:
// a day bucket (`day`, `startTime`, `startOfPeriod("daily", t)`) is the UTC instant of a local
// midnight. Clearinghouse never needs the zone's name:
// - to ask for day D, it sends an instant inside local day D (`first`), which Pendo snaps down to
//   the day's start (spec A2.2);
// - to name a day Pendo returns, it reads the local midnight back as a calendar date.
// Both work for every zone from UTC−10:30 to UTC+13:30, whatever its daylight saving (all but
// Niue, American Samoa, Baker Island, the Chatham Islands in summer and the Line Islands):
// local midnight of D is D 00:00Z − offset, so midnight + 13:30 falls on UTC date D, and
// D 10:30Z lies inside local day D.

const HOUR = 3_600_000;
export const DAY_MS = 24 * HOUR;
const NAME_SHIFT = 13.5 * HOUR;
const INSIDE_DAY = 10.5 * HOUR;

/** A calendar day in Pendo's days, "YYYY-MM-DD". */
export type PendoDay = string;

function utcMidnight(day: PendoDay): number {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(ms)) throw new Error(`not a day: ${day}`);
  return ms;
}

// Every row of a page carries one of a few day buckets: name each bucket once.
const named = new Map<number, PendoDay>();

/** The day that begins at `localMidnight` (a `day` bucket or `startTime` from Pendo). */
export function pendoDayOf(localMidnight: number): PendoDay {
  let day = named.get(localMidnight);
  if (day === undefined) {
    day = new Date(localMidnight + NAME_SHIFT).toISOString().slice(0, 10);
    if (named.size > 10_000) named.clear();
    named.set(localMidnight, day);
  }
  return day;
}

/** An instant inside Pendo's day `day`; as a time series' `first`, Pendo snaps it to the day's start. */
export function instantInside(day: PendoDay): number {
  return utcMidnight(day) + INSIDE_DAY;
}

/** Days from `from` to `to`, both included. */
export function dayCount(from: PendoDay, to: PendoDay): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS) + 1;
}

export function nextDay(day: PendoDay): PendoDay {
  return new Date(utcMidnight(day) + DAY_MS).toISOString().slice(0, 10);
}

type Stage = Record<string, unknown>;

const ALL_APPS = 'expandAppIds("*")';

function timeSeries(from: PendoDay, to: PendoDay) {
  return { period: "dayRange", first: instantInside(from), count: dayCount(from, to) };
}

/** Where a keyset page starts: after this (day, visitor). */
export interface VisitorDayKey {
  day: number;
  visitorId: string;
}

// Keyset pages on (day, visitorId), filtered before grouping (the key is part of every group, so
// the groups are whole): Pendo aggregations have no cursor (spec A5), and Pendo's own advice is to
// sort, filter past the last key and limit.
function after(key: VisitorDayKey | null): Stage[] {
  if (!key) return [];
  const v = JSON.stringify(key.visitorId);
  return [{ filter: `day > ${key.day} || (day == ${key.day} && visitorId > ${v})` }];
}

/** The day Pendo is in now, minus one: its `startTime` is the start of yesterday. */
export function yesterdayProbe(): Stage[] {
  return [{ source: { events: null, timeSeries: { period: "dayRange", first: "now()", count: -1 } } }, { limit: 0 }];
}

/** Events and minutes per visitor, account and day (spec A2.4 example 2), identified visitors only. */
export function visitorDaysPipeline(from: PendoDay, to: PendoDay, start: VisitorDayKey | null, limit: number): Stage[] {
  return [
    { source: { events: { appId: ALL_APPS }, timeSeries: timeSeries(from, to) } },
    { identified: "visitorId" },
    ...after(start),
    { group: { group: ["day", "visitorId", "accountId"], fields: { numEvents: { sum: "numEvents" }, numMinutes: { sum: "numMinutes" } } } },
    { sort: ["day", "visitorId", "accountId"] },
    { limit },
  ];
}

/** Clicks (numEvents, spec A6) per visitor, account, feature and day (spec A2.4 example 4). */
export function featureDaysPipeline(from: PendoDay, to: PendoDay, start: VisitorDayKey | null, limit: number): Stage[] {
  return [
    { source: { featureEvents: { appId: ALL_APPS }, timeSeries: timeSeries(from, to) } },
    { identified: "visitorId" },
    ...after(start),
    { group: { group: ["day", "visitorId", "accountId", "featureId"], fields: { clicks: { sum: "numEvents" } } } },
    { sort: ["day", "visitorId", "accountId", "featureId"] },
    { limit },
  ];
}

/** The raw answers to one poll (spec A2.4 example 5), each with the start of its day in Pendo's zone. */
export function pollAnswersPipeline(guideId: string, pollId: string, from: PendoDay, to: PendoDay): Stage[] {
  return [
    { source: { pollEvents: { guideId, pollId }, timeSeries: timeSeries(from, to) } },
    { identified: "visitorId" },
    { select: { visitorId: "visitorId", accountId: "accountId", browserTime: "browserTime", response: "pollResponse", day: 'startOfPeriod("daily", browserTime)' } },
  ];
}

/** Times one guide was seen per visitor, account and day (guideEvents of type guideSeen). */
export function guideViewsPipeline(guideId: string, from: PendoDay, to: PendoDay): Stage[] {
  return [
    { source: { guideEvents: { guideId }, timeSeries: timeSeries(from, to) } },
    { identified: "visitorId" },
    { filter: 'type == "guideSeen"' },
    { eval: { day: 'startOfPeriod("daily", browserTime)' } },
    { group: { group: ["day", "visitorId", "accountId"], fields: { views: { count: "browserTime" } } } },
  ];
}
