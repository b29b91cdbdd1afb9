import type { Day } from "@/lib/usage/days";

// Numbers and days on the account page in the viewer's own conventions. The server renders the
// page, so the locale comes from the browser's Accept-Language header; days are calendar days
// (the tool's, or the scored day) and carry no time zone, so they are formatted as UTC dates to
// keep the day they name. Instants (an override's expiry) are shown in the viewer's zone by
// components/sync/local-time.tsx instead. Plain functions: the browser imports them too.

const FALLBACK = "en-US";
const MINUS = "\u2212";

/** The first locale of an Accept-Language header this runtime can format in; en-US otherwise. */
export function viewerLocale(acceptLanguage: string | null | undefined): string {
  if (!acceptLanguage) return FALLBACK;
  const tags = acceptLanguage
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((t) => t.tag !== "" && t.tag !== "*" && Number.isFinite(t.q) && t.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    try {
      const [supported] = Intl.NumberFormat.supportedLocalesOf([tag]);
      if (supported) return supported;
    } catch {
      // A malformed tag (RangeError): try the next one.
    }
  }
  return FALLBACK;
}

export interface ViewerFormat {
  locale: string;
  /** Grouped, at most `digits` decimals, a true minus sign; "—" for no value. */
  number: (n: number | null | undefined, digits?: number) => string;
  /** Points of change, signed: "+1.5", "−7", "0". */
  signed: (n: number, digits?: number) => string;
  /** A percent value already on the 0–100 scale: "21.4%", "21,4 %". */
  percent: (n: number | null | undefined, digits?: number) => string;
  /** "Nov 19, 2026" / "19 Nov 2026". */
  day: (day: Day) => string;
  /** "Nov 19" / "19 Nov": chart axes. */
  shortDay: (day: Day) => string;
}

export function viewerFormat(locale: string): ViewerFormat {
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let f = numbers.get(digits);
    if (!f) numbers.set(digits, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return f;
  };
  const plain = (n: number, digits: number) => {
    const text = numberFormat(digits).format(Math.abs(n));
    // Rounded to zero shows as 0, never −0.
    return n < 0 && /[1-9]/.test(text) ? `${MINUS}${text}` : text;
  };
  const percentFormat = (digits: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: digits });
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const shortFormat = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
  const at = (day: Day) => Date.parse(`${day}T00:00:00.000Z`);
  return {
    locale,
    number: (n, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? "—" : plain(n, digits)),
    signed: (n, digits = 1) => {
      const text = plain(n, digits);
      return /[1-9]/.test(text) && n > 0 ? `+${text}` : text;
    },
    percent: (n, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? "—" : percentFormat(digits).format(n / 100)),
    day: (day) => dayFormat.format(at(day)),
    shortDay: (day) => shortFormat.format(at(day)),
  };
}
