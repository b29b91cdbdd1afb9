import { db } from "@/lib/db";

/**
 * The account fields sharing groups read, for the Salesforce pull: a group's field must be in
 * SfAccount.fields or it protects nothing, and the pull stores only the fields it is asked for.
 */
export async function sharingGroupFields(): Promise<string[]> {
  const rows = await db.sharingGroup.findMany({ distinct: ["fieldName"], select: { fieldName: true } });
  return rows.map((r) => r.fieldName);
}
