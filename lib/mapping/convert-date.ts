import { converted, refused, showValue, type Conversion } from "@/lib/mapping/conversion";
import { fieldTitle, type FieldRef } from "@/lib/mapping/types";

// Instants are read into epoch milliseconds (UTC) and written in the target's own form:
//   Salesforce date      "YYYY-MM-DD", the UTC calendar day
//   Salesforce datetime  ISO 8601 in UTC with Z: "2024-03-11T04:30:00.000Z"
//   Salesforce time      "HH:MM:SS.sssZ", the UTC time of day
//   Pendo time, PX DATE_TIME  epoch milliseconds: what both store and return (Pendo's metadata
//                        values and PX attributes; emulators/pendo/server.ts and emulators/px/server.ts coerce to it)
// Nothing here reads the process's time zone.

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z)?$/i;
const EPOCH_DIGITS = /^-?\d+$/;
// JavaScript's own limit for a Date: ±100,000,000 days around the epoch.
const MAX_EPOCH_MS = 8.64e15;
// Salesforce accepts dates from 1700-01-01 to 4000-12-31.
const SALESFORCE_MIN_MS = Date.UTC(1700, 0, 1);
const SALESFORCE_MAX_MS = Date.UTC(4000, 11, 31, 23, 59, 59, 999);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function millis(fraction: string | undefined): number {
  return fraction ? Number(fraction.padEnd(3, "0").slice(0, 3)) : 0;
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone || zone.toUpperCase() === "Z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 18 || minutes > 59) return undefined;
  return (zone.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
}

/** The numbered groups of a match as numbers; an absent optional group reads as 0. */
function numbers(m: RegExpExecArray, groups: number[]): number[] {
  return groups.map((g) => (m[g] === undefined ? 0 : Number(m[g])));
}

function parseIso(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = numbers(m, [1, 2, 3, 4, 5, 6]) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = offsetMinutes(m[8]);
  if (offset === undefined) return undefined;
  // A date-time with no zone is taken as UTC, the zone everything in the hub is stored in;
  // Salesforce and the vendors always send one.
  const at = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis(m[7])));
  // Date.UTC reads years 0–99 as 1900–1999, so the year is set on its own.
  at.setUTCFullYear(year);
  return at.getTime() - offset * 60_000;
}

function parseTimeOfDay(text: string): number | undefined {
  const m = TIME_OF_DAY.exec(text);
  if (!m) return undefined;
  const [hour, minute, second] = numbers(m, [1, 2, 3]) as [number, number, number];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return ((hour * 60 + minute) * 60 + second) * 1000 + millis(m[4]);
}

/**
 * Epoch milliseconds from a Date, a number of epoch ms, a string of digits (epoch ms, as the PX and
 * Pendo loaders send dates), an ISO 8601 date or date-time with or without an offset, or a
 * Salesforce time of day ("13:30:00.000Z", read as that time on 1970-01-01 UTC).
 */
function readInstant(value: unknown): number | undefined {
  let ms: number | undefined;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === "number") ms = Number.isFinite(value) ? Math.trunc(value) : undefined;
  else if (typeof value === "bigint") ms = Number(value);
  else if (typeof value === "string") {
    const text = value.trim();
    ms = EPOCH_DIGITS.test(text) ? Number(text) : (parseIso(text) ?? parseTimeOfDay(text));
  }
  return ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? ms : undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** A date, date-time or time for `target`, always in UTC. */
export function convertDateTime(value: unknown, target: FieldRef): Conversion<string | number> {
  const title = fieldTitle(target);
  const ms = readInstant(value);
  if (ms === undefined) {
    return refused(
      "NOT_A_DATE",
      `${title} takes a date, but the value is ${showValue(value)}. Give the source an ISO 8601 date or date-time (2024-03-11, 2024-03-11T04:30:00Z) or epoch milliseconds.`,
    );
  }
  if (target.system !== "salesforce") return converted(ms === 0 ? 0 : ms);
  const date = new Date(ms);
  if (target.type === "time") {
    return converted(`${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}Z`);
  }
  if (ms < SALESFORCE_MIN_MS || ms > SALESFORCE_MAX_MS) {
    return refused("DATE_OUT_OF_RANGE", `${title} takes dates from 1700-01-01 to 4000-12-31, but the value is ${date.toISOString()}. Check the source value.`);
  }
  const iso = date.toISOString();
  return converted(target.type === "date" ? iso.slice(0, 10) : iso);
}
