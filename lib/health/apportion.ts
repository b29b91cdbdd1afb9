/**
 * Rounds parts to tenths so they add up exactly to a total given in tenths (largest remainder,
 * ties to the earlier part). Shown contributions must add up to the shown score, and the parts of a
 * change to the shown change; rounding each part alone can leave them 0.1 or 0.2 apart.
 * Returns integers: tenths of a point.
 */
export function apportionTenths(parts: readonly number[], totalTenths: number): number[] {
  // Snap away binary noise first (0.1 + 0.2), so an exact zero stays zero and never takes a unit.
  const scaled = parts.map((p) => Math.round(p * 10 * 1e6) / 1e6);
  const floors = scaled.map(Math.floor);
  let units = totalTenths - floors.reduce((a, b) => a + b, 0);
  const order = scaled.map((s, i) => ({ i, rem: s - floors[i]! }));
  const out = [...floors];
  if (units >= 0) {
    order.sort((a, b) => b.rem - a.rem || a.i - b.i);
    for (let k = 0; units > 0 && order.length > 0; k = (k + 1) % order.length, units--) out[order[k]!.i]! += 1;
  } else {
    // Not reached when the total is the rounded sum of the parts; kept so the sum always holds.
    order.sort((a, b) => a.rem - b.rem || b.i - a.i);
    for (let k = 0; units < 0 && order.length > 0; k = (k + 1) % order.length, units++) out[order[k]!.i]! -= 1;
  }
  return out;
}

/** Tenths, halves away from zero, as lib/kpis/arithmetic.ts rounds (12.25 is 12.3 however it is stored). */
export function toTenths(n: number): number {
  const r = Math.round(Math.abs(n) * 10 + 1e-9);
  return n < 0 ? -r : r;
}
