import { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { salesforceIntegration } from "@/lib/hub/integrations";

// Who can be made an account's CSM: the active Salesforce users the hub pulled, found by name,
// email or id. An org has many more users than CSMs, so the picker searches and shows a page.

export const assignableCsmsQuerySchema = z.object({
  q: z.string().trim().max(100, { error: "Search with at most 100 characters." }).optional(),
  limit: z.coerce.number({ error: "limit is a number from 1 to 50." }).int().min(1).max(50).default(20),
});
export type AssignableCsmsQuery = z.infer<typeof assignableCsmsQuerySchema>;

export interface AssignableCsm {
  id: string;
  name: string | null;
  email: string | null;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function assignableCsms(query: AssignableCsmsQuery): Promise<{ users: AssignableCsm[] }> {
  const integration = await salesforceIntegration();
  if (!integration) return { users: [] };
  const search = query.q
    ? Prisma.sql`AND ("name" ILIKE ${`%${likeEscape(query.q)}%`} OR "email" ILIKE ${`%${likeEscape(query.q)}%`} OR "id" LIKE ${`${likeEscape(query.q)}%`})`
    : Prisma.empty;
  const users = await db.$queryRaw<AssignableCsm[]>`
    SELECT "id", "name", "email" FROM "SfUser"
     WHERE "integrationId" = ${integration.id} AND "isActive" ${search}
     ORDER BY "name" ASC NULLS LAST, "id" ASC
     LIMIT ${query.limit}`;
  return { users };
}
