// The emulator's clock. It ticks with real time from a configurable start, can be moved by the
// admin API, and hands out write timestamps that never go backwards, so `SystemModstamp`
// watermark syncs are deterministic even when many writes land in the same millisecond.

export class EmulatorClock {
  private baseEmulated: number;
  private baseReal: number;
  private frozen = false;
  private lastWrite = 0;

  constructor(start?: string) {
    this.baseReal = Date.now();
    this.baseEmulated = start === undefined ? this.baseReal : parseInstant(start);
  }

  now(): number {
    return this.frozen ? this.baseEmulated : this.baseEmulated + (Date.now() - this.baseReal);
  }

  set(iso: string): void {
    this.baseEmulated = parseInstant(iso);
    this.baseReal = Date.now();
  }

  advance(seconds: number): void {
    this.baseEmulated = this.now() + seconds * 1000;
    this.baseReal = Date.now();
  }

  setFrozen(frozen: boolean): void {
    this.baseEmulated = this.now();
    this.baseReal = Date.now();
    this.frozen = frozen;
  }

  isFrozen(): boolean {
    return this.frozen;
  }

  /** One timestamp per write transaction, strictly after the previous one. */
  nextWriteStamp(): number {
    const t = Math.max(this.now(), this.lastWrite + 1);
    this.lastWrite = t;
    return t;
  }

  /** Loaded data may carry timestamps ahead of the clock; later writes must still sort after them. */
  observeStamp(ms: number): void {
    if (ms > this.lastWrite) this.lastWrite = ms;
  }
}

function parseInstant(iso: string): number {
  const ms = parseDateTime(iso);
  if (ms === undefined) throw new Error(`Invalid date-time: ${iso}`);
  return ms;
}

const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses ISO-8601 date or date-time text (offsets `Z`, `+0000`, `+00:00`); undefined if invalid. */
export function parseDateTime(text: string): number | undefined {
  const m = DATETIME_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", tz] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Math.floor(Number(`0.${frac}`) * 1000);
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  if (tz && tz.toUpperCase() !== "Z") {
    const sign = tz.startsWith("-") ? -1 : 1;
    const digits = tz.slice(1).replace(":", "");
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
    ms -= sign * offset * 60_000;
  }
  return ms;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** REST output format: always UTC, always `.SSS+0000`. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`
  );
}

export function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Bulk API 2.0 query CSVs use the `Z` form (spec §8.2). */
export function formatDateTimeZ(ms: number): string {
  return new Date(ms).toISOString();
}
