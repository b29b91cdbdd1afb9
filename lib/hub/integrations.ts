import { db } from "@/lib/db";
import type { Integration } from "@/lib/generated/prisma/client";

// The hub pairs one Salesforce org with the analytics tools; the console shows one card per system.

export async function salesforceIntegration(): Promise<Integration | null> {
  return db.integration.findFirst({ where: { system: "SALESFORCE", secrets: { not: null } }, orderBy: { createdAt: "asc" } });
}

export async function analyticsIntegrations(): Promise<Integration[]> {
  return db.integration.findMany({ where: { system: { in: ["PENDO", "PX"] }, secrets: { not: null } }, orderBy: { createdAt: "asc" } });
}

export const SYSTEM_LABEL = { SALESFORCE: "Salesforce", PENDO: "Pendo", PX: "Gainsight PX" } as const;
