// How numbers read in the sentences shown to CSMs: a true minus sign, no trailing zeros, points
// signed, as issue 13's example "NPS fell from 40 to −10: −7 points".

const MINUS = "\u2212";

/** A measure's raw value: up to two decimals, trailing zeros dropped. */
export function formatValue(n: number): string {
  const s = String(Math.round(Math.abs(n) * 100) / 100);
  return n < 0 && s !== "0" ? `${MINUS}${s}` : s;
}

/** Points of the score, signed: "+1.2 points", "−7 points", "0 points". */
export function formatPoints(tenths: number): string {
  const abs = Math.abs(tenths) / 10;
  const body = Number.isInteger(abs) ? String(abs) : abs.toFixed(1);
  const unit = abs === 1 ? "point" : "points";
  if (tenths === 0) return `0 ${unit}`;
  return `${tenths > 0 ? "+" : MINUS}${body} ${unit}`;
}

/** A percent of the score's weight, to one decimal: "21.4%", "20%". */
export function formatWeight(percent: number): string {
  const r = Math.round(percent * 10) / 10;
  return `${Number.isInteger(r) ? r : r.toFixed(1)}%`;
}
