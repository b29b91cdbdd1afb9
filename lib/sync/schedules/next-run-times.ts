import { CronExpressionParser } from "cron-parser";

// The parser BullMQ's job schedulers use (the same package, called the same way), so the times
// shown are the times the worker fires. Instants are UTC; the page formats them in the viewer's zone.

function expression(cron: string, timezone: string, from: Date) {
  return CronExpressionParser.parse(cron, { currentDate: from, tz: timezone });
}

/** The next `n` times a valid schedule fires strictly after `from`, oldest first. */
export function nextRunTimes(cron: string, timezone: string, n = 5, from: Date = new Date()): Date[] {
  return expression(cron, timezone, from)
    .take(n)
    .map((d) => d.toDate());
}

/** The last time a valid schedule fired strictly before `at`; null when it never did (within its bounds). */
export function previousRunTime(cron: string, timezone: string, at: Date = new Date()): Date | null {
  const parsed = expression(cron, timezone, at);
  return parsed.hasPrev() ? parsed.prev().toDate() : null;
}

/** The last `n` times a valid schedule fired before `at`, newest first (fewer when it has not fired that often). */
export function previousRunTimes(cron: string, timezone: string, n: number, at: Date = new Date()): Date[] {
  const parsed = expression(cron, timezone, at);
  const times: Date[] = [];
  while (times.length < n && parsed.hasPrev()) times.push(parsed.prev().toDate());
  return times;
}
