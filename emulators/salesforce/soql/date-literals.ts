// SOQL date literals (TODAY, LAST_N_DAYS:30, THIS_QUARTER...) as half-open UTC ranges
// [start, end) computed from the emulator clock. Salesforce evaluates them in the running
// user's time zone; the emulator's users are all on GMT. Weeks start on Sunday (en_US) and
// fiscal periods follow the calendar (the default fiscal-year setting).

const DAY = 86_400_000;

export interface DateRange {
  start: number;
  end: number;
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

function startOfWeek(ms: number): number {
  const day = startOfDay(ms);
  return day - new Date(day).getUTCDay() * DAY;
}

function monthStart(year: number, month: number): number {
  return Date.UTC(year, month, 1);
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return monthStart(d.getUTCFullYear(), d.getUTCMonth() + months);
}

function startOfMonth(ms: number): number {
  const d = new Date(ms);
  return monthStart(d.getUTCFullYear(), d.getUTCMonth());
}

function startOfQuarter(ms: number): number {
  const d = new Date(ms);
  return monthStart(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3);
}

function startOfYear(ms: number): number {
  return Date.UTC(new Date(ms).getUTCFullYear(), 0, 1);
}

type Unit = "DAY" | "WEEK" | "MONTH" | "QUARTER" | "YEAR";

function unitStart(unit: Unit, ms: number): number {
  switch (unit) {
    case "DAY":
      return startOfDay(ms);
    case "WEEK":
      return startOfWeek(ms);
    case "MONTH":
      return startOfMonth(ms);
    case "QUARTER":
      return startOfQuarter(ms);
    case "YEAR":
      return startOfYear(ms);
  }
}

function shift(unit: Unit, start: number, n: number): number {
  switch (unit) {
    case "DAY":
      return start + n * DAY;
    case "WEEK":
      return start + n * 7 * DAY;
    case "MONTH":
      return addMonths(start, n);
    case "QUARTER":
      return addMonths(start, 3 * n);
    case "YEAR":
      return addMonths(start, 12 * n);
  }
}

/** Range of `n` whole units starting `offset` units from the current one. */
function units(unit: Unit, now: number, offset: number, n: number): DateRange {
  const current = unitStart(unit, now);
  const start = shift(unit, current, offset);
  return { start, end: shift(unit, start, n) };
}

const SIMPLE: Record<string, (now: number) => DateRange> = {
  YESTERDAY: (now) => units("DAY", now, -1, 1),
  TODAY: (now) => units("DAY", now, 0, 1),
  TOMORROW: (now) => units("DAY", now, 1, 1),
  LAST_WEEK: (now) => units("WEEK", now, -1, 1),
  THIS_WEEK: (now) => units("WEEK", now, 0, 1),
  NEXT_WEEK: (now) => units("WEEK", now, 1, 1),
  LAST_MONTH: (now) => units("MONTH", now, -1, 1),
  THIS_MONTH: (now) => units("MONTH", now, 0, 1),
  NEXT_MONTH: (now) => units("MONTH", now, 1, 1),
  // LAST_90_DAYS includes today: 91 calendar days ending tonight.
  LAST_90_DAYS: (now) => ({ start: startOfDay(now) - 90 * DAY, end: startOfDay(now) + DAY }),
  NEXT_90_DAYS: (now) => units("DAY", now, 1, 90),
  LAST_QUARTER: (now) => units("QUARTER", now, -1, 1),
  THIS_QUARTER: (now) => units("QUARTER", now, 0, 1),
  NEXT_QUARTER: (now) => units("QUARTER", now, 1, 1),
  LAST_YEAR: (now) => units("YEAR", now, -1, 1),
  THIS_YEAR: (now) => units("YEAR", now, 0, 1),
  NEXT_YEAR: (now) => units("YEAR", now, 1, 1),
  LAST_FISCAL_QUARTER: (now) => units("QUARTER", now, -1, 1),
  THIS_FISCAL_QUARTER: (now) => units("QUARTER", now, 0, 1),
  NEXT_FISCAL_QUARTER: (now) => units("QUARTER", now, 1, 1),
  LAST_FISCAL_YEAR: (now) => units("YEAR", now, -1, 1),
  THIS_FISCAL_YEAR: (now) => units("YEAR", now, 0, 1),
  NEXT_FISCAL_YEAR: (now) => units("YEAR", now, 1, 1),
};

const N_LITERAL = /^(LAST|NEXT)_N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS)$|^N_(DAYS|WEEKS|MONTHS|QUARTERS|YEARS|FISCAL_QUARTERS|FISCAL_YEARS)_AGO$/;

function unitOf(plural: string): Unit {
  const base = plural.replace(/^FISCAL_/, "").replace(/S$/, "");
  return base as Unit;
}

/** Range for a literal such as "TODAY" or "LAST_N_DAYS" with n; undefined if unknown. */
export function dateLiteralRange(literal: string, n: number | undefined, now: number): DateRange | undefined {
  const name = literal.toUpperCase();
  if (n === undefined) return SIMPLE[name]?.(now);
  const m = N_LITERAL.exec(name);
  if (!m) return undefined;
  if (m[1] && m[2]) {
    const unit = unitOf(m[2]);
    if (m[1] === "LAST") {
      // LAST_N_DAYS includes today; LAST_N_WEEKS/MONTHS/... are the n whole units before this one.
      if (unit === "DAY") return { start: startOfDay(now) - n * DAY, end: startOfDay(now) + DAY };
      return units(unit, now, -n, n);
    }
    return units(unit, now, 1, n);
  }
  const unit = unitOf(m[3]!);
  return units(unit, now, -n, 1);
}

export function isDateLiteralName(text: string): boolean {
  const name = text.toUpperCase().split(":")[0] ?? "";
  return name in SIMPLE || N_LITERAL.test(name);
}
