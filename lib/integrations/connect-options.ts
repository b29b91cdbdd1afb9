import { env } from "@/lib/env";
import { PENDO_REGIONS } from "@/lib/connectors/pendo/client";
import { PX_DATA_CENTERS } from "@/lib/connectors/px/client";
import { AppError } from "@/lib/errors";
import { ownEntry } from "@/lib/http/input-guards";

// Choices offered on the connect forms: each vendor's public regions, plus the local emulators
// when this installation runs them (the demo does).
export function pendoBaseUrls(): Record<string, string> {
  return { ...(env.PENDO_EMULATOR_URL ? { emulator: env.PENDO_EMULATOR_URL } : {}), ...PENDO_REGIONS };
}

export function pxBaseUrls(): Record<string, string> {
  return { ...(env.PX_EMULATOR_URL ? { emulator: env.PX_EMULATOR_URL } : {}), ...PX_DATA_CENTERS };
}

export function baseUrlFor(system: "pendo" | "px", region: string): string {
  // Own entries only: "constructor" or "__proto__" used to find Object's built-ins and fail the
  // connect with a 503 instead of "pick a region".
  const url = ownEntry(system === "pendo" ? pendoBaseUrls() : pxBaseUrls(), region);
  if (!url) {
    throw new AppError("INVALID_INPUT", `Pick one of the listed ${system === "pendo" ? "regions" : "data centres"}.`, { region: "Unknown choice" });
  }
  return url;
}

const label = (region: string, url: string) => (region === "emulator" ? `Local emulator (${url})` : `${region.toUpperCase()} (${new URL(url).host})`);

export function connectOptions() {
  return {
    salesforce: { emulatorUrl: env.SALESFORCE_EMULATOR_URL ?? null },
    pendoRegions: Object.entries(pendoBaseUrls()).map(([value, url]) => ({ value, label: label(value, url) })),
    pxDataCenters: Object.entries(pxBaseUrls()).map(([value, url]) => ({ value, label: label(value, url) })),
  };
}
