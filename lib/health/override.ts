import { z } from "zod";
import { colourFor } from "@/lib/health/colour";
import { HEALTH_COLOURS, type ColourBands, type HealthColour } from "@/lib/health/model";

// An admin or the account's CSM overrides the computed health with a reason and an expiry (issue
// 13), because the CSM knows things no KPI sees (an exec sponsor left, a renewal just signed). It
// always expires, so a forgotten override cannot hide the computed score for good.

export const healthOverrideSchema = z
  .object({
    score: z.number({ error: "The score must be a number from 0 to 100." }).min(0, { error: "The score must be a number from 0 to 100." }).max(100, { error: "The score must be a number from 0 to 100." }).optional(),
    colour: z.enum(HEALTH_COLOURS, { error: "The colour is red, yellow or green." }).optional(),
    reason: z.string().trim().min(1, { error: "Say why the computed health is wrong; the reason is shown with the override." }).max(1000, { error: "Keep the reason under 1000 characters." }),
    /** Who set it: a user id the caller resolves to a name. */
    setBy: z.string().trim().min(1, { error: "An override needs the user who set it." }),
    setAt: z.coerce.date({ error: "Give the time the override was set." }),
    /** Exclusive: from this instant the computed score shows again. */
    expiresAt: z.coerce.date({ error: "Give the override an expiry date." }),
  })
  .superRefine((o, ctx) => {
    if (o.score === undefined && o.colour === undefined) ctx.addIssue({ code: "custom", path: ["score"], message: "Set a score, a colour or both." });
    if (o.expiresAt.getTime() <= o.setAt.getTime()) ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "The expiry must be after the time the override is set." });
  });
export type HealthOverride = z.infer<typeof healthOverrideSchema>;

export interface ComputedHealth {
  score: number | null;
  colour: HealthColour | null;
  bands: ColourBands;
}

export interface ShownHealth {
  score: number | null;
  colour: HealthColour | null;
  atRisk: boolean;
  /** Set while an override is in force: who, why, until when, and what the model computed. */
  override: { setBy: string; reason: string; setAt: Date; expiresAt: Date; computed: { score: number | null; colour: HealthColour | null } } | null;
  /** A sentence for the account page: the override in force, or the one that just ran out. */
  note: string | null;
}

/**
 * The health to show and push at `now`. An override is in force while now < expiresAt. A score
 * without a colour takes the colour of the account's bands; a colour without a score keeps the
 * computed score, because the CSM disputes the colour, not the arithmetic.
 */
export function applyOverride(computed: ComputedHealth, override: HealthOverride | null, now: Date): ShownHealth {
  if (!override) return { score: computed.score, colour: computed.colour, atRisk: computed.colour === "red", override: null, note: null };
  const until = override.expiresAt.toISOString();
  if (now.getTime() >= override.expiresAt.getTime()) {
    return {
      score: computed.score,
      colour: computed.colour,
      atRisk: computed.colour === "red",
      override: null,
      note: `The override set by ${override.setBy} expired at ${until}; the computed health shows again.`,
    };
  }
  const score = override.score ?? computed.score;
  const colour = override.colour ?? (override.score !== undefined ? colourFor(override.score, computed.bands) : computed.colour);
  return {
    score,
    colour,
    atRisk: colour === "red",
    override: { setBy: override.setBy, reason: override.reason, setAt: override.setAt, expiresAt: override.expiresAt, computed: { score: computed.score, colour: computed.colour } },
    note: `Overridden by ${override.setBy} until ${until}: ${override.reason}`,
  };
}
