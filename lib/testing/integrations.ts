import type { Prisma } from "@/lib/generated/prisma/client";

// Integration rows for tests that read the hub without calling a vendor: ids "sf", "pendo" and "px",
// the shape every such test used to spell out by hand.

const BARE = {
  sf: { id: "sf", system: "SALESFORCE", environment: "production", baseUrl: "https://login.example" },
  pendo: { id: "pendo", system: "PENDO", environment: "us", baseUrl: "https://pendo.example" },
  px: { id: "px", system: "PX", environment: "us", baseUrl: "https://px.example" },
} as const satisfies Record<string, Prisma.IntegrationCreateManyInput>;

/** The rows of `ids`, each with `extra` (a status, fake secrets) on top. */
export function testIntegrations(ids: readonly (keyof typeof BARE)[], extra: Partial<Prisma.IntegrationCreateManyInput> = {}): Prisma.IntegrationCreateManyInput[] {
  return ids.map((id) => ({ ...BARE[id], ...extra }));
}
