import { Badge } from "@/components/ui/card";
import type { HealthColour } from "@/lib/health/model";

const TONE = { red: "red", yellow: "amber", green: "green" } as const;

/** A health colour in words as well as colour, so it reads without colour vision. */
export function ColourBadge({ colour }: { colour: HealthColour | null }) {
  if (!colour) return <Badge tone="slate">no colour</Badge>;
  return <Badge tone={TONE[colour]}>{colour}</Badge>;
}
