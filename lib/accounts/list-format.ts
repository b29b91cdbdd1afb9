// How the Accounts list words its figures, shared by the page and the CSV export. Pure.

/** Newest computed score minus an earlier one, to one decimal; null when either is missing. */
export function scoreTrend(newest: number | null, earlier: number | null): number | null {
  if (newest === null || earlier === null || !Number.isFinite(newest) || !Number.isFinite(earlier)) return null;
  const delta = Math.round((newest - earlier) * 10) / 10;
  return Object.is(delta, -0) ? 0 : delta;
}

export type TrendDirection = "up" | "down" | "flat";

/** A change under half a point is no change: scores are shown to whole points. */
export function trendDirection(delta: number): TrendDirection {
  if (delta >= 0.5) return "up";
  if (delta <= -0.5) return "down";
  return "flat";
}

const ARROWS: Record<TrendDirection, string> = { up: "↑", down: "↓", flat: "→" };

/** "↑ 4.5", "↓ 12", "→ 0.2"; null without a trend. */
export function trendText(delta: number | null): string | null {
  if (delta === null) return null;
  const size = Math.abs(delta);
  return `${ARROWS[trendDirection(delta)]} ${Number.isInteger(size) ? size : size.toFixed(1)}`;
}

/** A score to whole points, as the account page shows it. */
export const scoreText = (score: number): string => String(Math.round(score));

/** 1250000 → "1,250,000": the org's currency is not known to the hub, so no symbol. */
export const arrText = (arr: number): string => arr.toLocaleString("en-US", { maximumFractionDigits: 0 });

/** "42 of 50 seats (84%)", "42 active (no seat count)", "— of 50 seats". */
export function seatsText(activeUsers: number | null, seats: number | null): string {
  if (activeUsers === null && seats === null) return "—";
  if (seats === null || seats <= 0) return `${activeUsers} active (no seat count)`;
  const seatWord = `${seats.toLocaleString("en-US")} seat${seats === 1 ? "" : "s"}`;
  if (activeUsers === null) return `— of ${seatWord}`;
  return `${activeUsers.toLocaleString("en-US")} of ${seatWord} (${Math.round((activeUsers / seats) * 100)}%)`;
}
