import { faker } from "@faker-js/faker";
import type { Rng } from "./prng";

/**
 * Names and places drawn from faker's English word lists with our own seeded PRNG (re-seeding
 * faker per record costs ~40 µs, too slow for 100k accounts; the lists themselves are what we need).
 */
const defs = faker.rawDefinitions;
const firstNames = [...((defs.person?.first_name as { generic?: string[] } | undefined)?.generic ?? ["Alex", "Sam", "Jordan"])];
const lastNames = [...((defs.person?.last_name as { generic?: string[] } | undefined)?.generic ?? ["Smith", "Jones", "Lee"])];
const legal = [...((defs.company?.legal_entity_type as string[] | undefined) ?? ["Inc", "LLC", "Group"])];
const adjectives = [...((defs.company?.buzz_adjective as string[] | undefined) ?? ["global"])].filter((w) => /^[a-z]+$/i.test(w) && w.length <= 10);
const nouns = [...((defs.company?.buzz_noun as string[] | undefined) ?? ["systems"])].filter((w) => /^[a-z]+$/i.test(w) && w.length <= 10);
const cityNames = [...((defs.location?.city_name as string[] | undefined) ?? ["Springfield"])];
const states = [...((defs.location?.state as string[] | undefined) ?? ["California"])];
const stateAbbr = [...((defs.location?.state_abbr as string[] | undefined) ?? ["CA"])];
const streetSuffix = [...((defs.location?.street_suffix as string[] | undefined) ?? ["Street"])];
const INDUSTRY_WORDS = ["Analytics", "Health", "Logistics", "Labs", "Systems", "Capital", "Partners", "Software", "Media", "Foods", "Energy", "Robotics", "Insurance", "Learning"];

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export function firstName(r: Rng): string {
  return r.pick(firstNames);
}
export function lastName(r: Rng): string {
  return r.pick(lastNames);
}

export function companyName(r: Rng): string {
  const v = r.next();
  if (v < 0.3) return `${lastName(r)} ${r.pick(legal)}`;
  if (v < 0.42) return `${lastName(r)} & ${lastName(r)}`;
  if (v < 0.7) return `${cap(r.pick(adjectives))} ${cap(r.pick(nouns))}${r.chance(0.5) ? " Inc." : ""}`;
  if (v < 0.85) return `${r.pick(cityNames)} ${r.pick(INDUSTRY_WORDS)}`;
  return `${lastName(r)} ${r.pick(INDUSTRY_WORDS)}`;
}

export function city(r: Rng): string {
  return r.pick(cityNames);
}

export function usState(r: Rng): { name: string; abbr: string } {
  const i = Math.floor(r.next() * Math.min(states.length, stateAbbr.length));
  return { name: states[i]!, abbr: stateAbbr[i]! };
}

export function street(r: Rng): string {
  return `${r.int(1, 9999)} ${lastName(r)} ${r.pick(streetSuffix)}`;
}

export function phone(r: Rng, country: string): string {
  if (country === "US" || country === "CA") return `(${r.int(201, 989)}) ${r.int(200, 999)}-${String(r.int(0, 9999)).padStart(4, "0")}`;
  if (country === "GB") return `+44 20 ${r.int(1000, 9999)} ${r.int(1000, 9999)}`;
  if (country === "DE") return `+49 30 ${r.int(100000, 9999999)}`;
  if (country === "FR") return `+33 1 ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)}`;
  if (country === "AU") return `+61 2 ${r.int(1000, 9999)} ${r.int(1000, 9999)}`;
  return `+1 ${r.int(201, 989)} ${r.int(200, 999)} ${r.int(1000, 9999)}`;
}

export function ipv4(r: Rng): string {
  return `${r.int(11, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

/** "Acme Widgets Inc." → "acme-widgets" (legal suffixes dropped). */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/&/g, " and ")
      .replace(/\b(inc|llc|ltd|group|corp|co|gmbh|and sons|plc)\.?\b/g, " ")
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 24)
      .replace(/-+$/g, "") || "company"
  );
}
