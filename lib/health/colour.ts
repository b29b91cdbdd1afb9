import type { ColourBands, HealthColour } from "@/lib/health/model";

/** Red below `red`, yellow below `green`, else green; the same rule for a score and for a measure. */
export function colourFor(score: number, bands: Pick<ColourBands, "red" | "green">): HealthColour {
  if (score < bands.red) return "red";
  if (score < bands.green) return "yellow";
  return "green";
}
