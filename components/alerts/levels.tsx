import { Badge } from "@/components/ui/card";
import type { AlertStateName } from "@/lib/alerts/state-machine";

const TONE = { OK: "green", WARNING: "amber", CRITICAL: "red" } as const;

/** A state as a badge: CRITICAL red, WARNING amber, resolved green. */
export function StateBadge({ state }: { state: AlertStateName }) {
  return <Badge tone={TONE[state]}>{state === "OK" ? "Resolved" : state}</Badge>;
}
