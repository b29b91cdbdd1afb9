import { z } from "zod";
import { db } from "@/lib/db";
import { filterDateSchema } from "@/lib/http/input-guards";
import type { Prisma } from "@/lib/generated/prisma/client";

export const auditFilterSchema = z.object({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(200).optional(),
  targetType: z.string().trim().max(100).optional(),
  // Bounded: "from=0000-01-01" used to reach PostgreSQL as a year it has no timestamp for (503).
  from: filterDateSchema.optional(),
  to: filterDateSchema.optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export interface AuditRow {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export async function listAuditEntries(filter: AuditFilter): Promise<{ entries: AuditRow[]; nextCursor: string | null }> {
  const where: Prisma.AuditLogWhereInput = {
    ...(filter.action ? { action: { contains: filter.action, mode: "insensitive" } } : {}),
    ...(filter.actor ? { actorEmail: { contains: filter.actor, mode: "insensitive" } } : {}),
    ...(filter.targetType ? { targetType: filter.targetType } : {}),
    ...(filter.from || filter.to ? { at: { gte: filter.from, lte: filter.to } } : {}),
  };
  const rows = await db.auditLog.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, filter.limit);
  return {
    entries: page.map((r) => ({ ...r, at: r.at.toISOString() })),
    nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function listAuditActions(): Promise<string[]> {
  const rows = await db.auditLog.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
