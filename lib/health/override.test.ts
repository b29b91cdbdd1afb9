import { describe, expect, it } from "vitest";
import { applyOverride, healthOverrideSchema, type HealthOverride } from "@/lib/health/override";

const bands = { red: 40, green: 70, critical: 25 };
const computed = { score: 32.5, colour: "red" as const, bands };
const setAt = new Date("2026-03-01T09:00:00Z");
const expiresAt = new Date("2026-03-31T00:00:00Z");
const override = (over: Partial<HealthOverride> = {}): HealthOverride => ({ score: 75, reason: "Renewal signed on 28 Feb", setBy: "csm-ana", setAt, expiresAt, ...over });

describe("health overrides", () => {
  it("shows the override while it is in force, with who, why and what was computed", () => {
    const shown = applyOverride(computed, override(), new Date("2026-03-15T12:00:00Z"));
    expect(shown).toEqual({
      score: 75,
      colour: "green",
      atRisk: false,
      override: { setBy: "csm-ana", reason: "Renewal signed on 28 Feb", setAt, expiresAt, computed: { score: 32.5, colour: "red" } },
      note: "Overridden by csm-ana until 2026-03-31T00:00:00.000Z: Renewal signed on 28 Feb",
    });
  });

  it("is in force up to the last millisecond before expiry and not at expiry (exclusive)", () => {
    expect(applyOverride(computed, override(), new Date(expiresAt.getTime() - 1)).score).toBe(75);
    const atExpiry = applyOverride(computed, override(), expiresAt);
    expect(atExpiry).toEqual({
      score: 32.5,
      colour: "red",
      atRisk: true,
      override: null,
      note: "The override set by csm-ana expired at 2026-03-31T00:00:00.000Z; the computed health shows again.",
    });
    expect(applyOverride(computed, override(), new Date("2026-04-02T00:00:00Z")).override).toBeNull();
  });

  it("takes the colour of a score-only override from the account's bands", () => {
    expect(applyOverride(computed, override({ score: 55 }), setAt)).toMatchObject({ score: 55, colour: "yellow", atRisk: false });
    expect(applyOverride(computed, override({ score: 20 }), setAt)).toMatchObject({ score: 20, colour: "red", atRisk: true });
    const enterprise = { ...computed, bands: { red: 50, green: 70 } };
    expect(applyOverride(enterprise, override({ score: 45 }), setAt).colour).toBe("red");
  });

  it("keeps the computed score under a colour-only override, and can set both", () => {
    expect(applyOverride(computed, override({ score: undefined, colour: "yellow" }), setAt)).toMatchObject({ score: 32.5, colour: "yellow", atRisk: false });
    expect(applyOverride(computed, override({ score: 90, colour: "yellow" }), setAt)).toMatchObject({ score: 90, colour: "yellow" });
    // An account with no computed score can still be overridden.
    expect(applyOverride({ score: null, colour: null, bands }, override({ score: undefined, colour: "red" }), setAt)).toMatchObject({ score: null, colour: "red", atRisk: true });
  });

  it("shows the computed health when there is no override", () => {
    expect(applyOverride(computed, null, setAt)).toEqual({ score: 32.5, colour: "red", atRisk: true, override: null, note: null });
  });

  it("validates an override at the boundary, with sentences that say what to fix", () => {
    const issues = (input: unknown) => {
      const r = healthOverrideSchema.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    const base = { reason: "Exec sponsor left", setBy: "admin-1", setAt: "2026-03-01T09:00:00Z", expiresAt: "2026-04-01" };
    expect(issues({ ...base, colour: "green" })).toEqual([]);
    expect(healthOverrideSchema.parse({ ...base, colour: "green" }).expiresAt).toEqual(new Date("2026-04-01T00:00:00Z"));
    expect(issues(base)).toEqual(["Set a score, a colour or both."]);
    expect(issues({ ...base, score: 101 })).toEqual(["The score must be a number from 0 to 100."]);
    expect(issues({ ...base, colour: "amber" })).toEqual(["The colour is red, yellow or green."]);
    expect(issues({ ...base, colour: "red", reason: "  " })).toEqual(["Say why the computed health is wrong; the reason is shown with the override."]);
    expect(issues({ ...base, colour: "red", expiresAt: "2026-03-01T09:00:00Z" })).toEqual(["The expiry must be after the time the override is set."]);
  });
});
