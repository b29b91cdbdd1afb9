import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

/** Caches a Pendo/PX attribute schema beside the Salesforce describes, for the custom field pickers. */
export async function cacheAnalyticsFields(integrationId: string, objectName: "account" | "user", label: string, fields: { name: string; label: string; type: string }[]) {
  const data = { label, fields: fields as unknown as Prisma.InputJsonValue, refreshedAt: new Date() };
  await db.salesforceDescribe.upsert({
    where: { integrationId_objectName: { integrationId, objectName } },
    create: { integrationId, objectName, ...data },
    update: data,
  });
}

const scalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

/** Top-level scalar values of a vendor record, for custom field matching. */
export function scalarFields(record: Record<string, unknown>, prefix = "", into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(record)) if (scalar(v)) into[`${prefix}${k}`] = v;
  return into;
}

export const text = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : typeof v === "number" ? String(v) : null);
export const time = (v: unknown): Date | null => (typeof v === "number" && v > 0 ? new Date(v) : typeof v === "string" && v ? new Date(v) : null);
export const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
