import { CronExpressionParser, type CronFieldCollection } from "cron-parser";
import { z } from "zod";
import { nextRunTimes } from "@/lib/sync/schedules/next-run-times";

// A schedule as an admin types it: a five-field cron expression read in an IANA time zone.

/** More often than this and pulls of a large org overlap and eat the API allowance. */
export const MIN_MINUTES_BETWEEN_RUNS = 15;

const EXAMPLE = "e.g. 0 3 * * * for every day at 03:00";
const FIELDS = "minute (0-59), hour (0-23), day of month (1-31), month (1-12) and day of week (0-6, Sunday is 0)";

/**
 * The shortest gap between two runs, from the minute and hour fields alone: between two minutes of
 * one hour, or from the last minute of an hour to the first of the next when both hours run (23 and
 * 0 count as next to each other). Computed, not found by listing runs, which takes seconds for rare
 * patterns; it may refuse a pattern whose days keep two such runs apart, never pass a too-frequent one.
 */
export function shortestGapMinutes(minuteValues: readonly number[], hourValues: readonly number[]): number {
  const m = [...minuteValues].sort((a, b) => a - b);
  const hours = new Set(hourValues);
  let gap = Infinity;
  for (let i = 1; i < m.length; i++) gap = Math.min(gap, m[i]! - m[i - 1]!);
  const nextHourRuns = [...hours].some((h) => hours.has((h + 1) % 24));
  if (nextHourRuns) gap = Math.min(gap, 60 - m.at(-1)! + m[0]!);
  return gap;
}

/** The admin's input, echoed in a sentence: quoted, and cut short when long. */
const quoted = (text: string) => `"${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`;

/** Runs of spaces and tabs become one space, so equal schedules compare equal. */
export function normaliseCron(cron: string): string {
  return cron.trim().split(/\s+/).join(" ");
}

/** What is wrong with a cron expression, as a sentence that says what to type instead; null when it is fine. */
export function cronProblem(raw: string, timezone = "UTC"): string | null {
  const cron = normaliseCron(raw);
  if (cron === "") return `Enter a cron expression, ${EXAMPLE}.`;
  const parts = cron.split(" ");
  if (parts.length !== 5) {
    return `A cron expression has five fields: ${FIELDS}. ${quoted(cron)} has ${parts.length}; write it with five, ${EXAMPLE}.`;
  }
  // cron-parser's hashed "H" picks a minute from a seed BullMQ does not pass: the page and the worker could disagree.
  if (parts.some((f) => f.split(",").some((part) => /^h/i.test(part)))) {
    return `"H" (a hashed value) is not supported: write the minute or hour itself, ${EXAMPLE}.`;
  }
  let fields: CronFieldCollection;
  try {
    fields = CronExpressionParser.parse(cron, { tz: timezone }).fields;
    if (nextRunTimes(cron, timezone, 1).length === 0) return `${quoted(cron)} never runs. Check the day of month and month, ${EXAMPLE}.`;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "").slice(0, 120);
    return `${quoted(cron)} is not a valid cron expression (${reason}). Check its five fields: ${FIELDS}.`;
  }
  const minutes = shortestGapMinutes(fields.minute.values as number[], fields.hour.values as number[]);
  if (minutes < MIN_MINUTES_BETWEEN_RUNS) {
    return `${quoted(cron)} starts runs only ${minutes} minute${minutes === 1 ? "" : "s"} apart; leave at least ${MIN_MINUTES_BETWEEN_RUNS} minutes between runs (e.g. */15 * * * *), or a long pull is still running when the next one is due.`;
  }
  return null;
}

/** The zone's canonical IANA name ("utc" → "UTC"); null when the runtime does not know it. */
export function canonicalTimezone(raw: string): string | null {
  const zone = raw.trim();
  if (zone === "" || zone.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function timezoneProblem(raw: string): string | null {
  if (raw.trim() === "") return "Enter a time zone, such as UTC, Europe/Paris or America/New_York.";
  return canonicalTimezone(raw) ? null : `${quoted(raw.trim())} is not a time zone. Use an IANA name such as UTC, Europe/Paris or America/New_York.`;
}

/** The body of a schedule change (the page's form, the API, the command line). */
export const scheduleInputSchema = z
  .object({
    cron: z.string().max(200, "A cron expression is five short fields; this is far too long."),
    timezone: z.string().max(100, "A time zone name is short, such as Europe/Paris."),
    paused: z.boolean(),
  })
  .strict()
  .superRefine((input, ctx) => {
    const zone = timezoneProblem(input.timezone);
    if (zone) ctx.addIssue({ code: "custom", path: ["timezone"], message: zone });
    const cron = cronProblem(input.cron, zone ? "UTC" : canonicalTimezone(input.timezone)!);
    if (cron) ctx.addIssue({ code: "custom", path: ["cron"], message: cron });
  })
  .transform((input) => ({ cron: normaliseCron(input.cron), timezone: canonicalTimezone(input.timezone)!, paused: input.paused }));

export type ScheduleInput = z.infer<typeof scheduleInputSchema>;
