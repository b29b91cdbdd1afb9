import { z } from "zod";
import { db, type Prisma } from "@/lib/db";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { salesforcePullSettings } from "@/lib/integrations/pull-settings";
import { checkCsmField, DEFAULT_CSM_FIELD } from "@/lib/accounts/csm/csm-field";
import { repushDivergedCsms } from "@/lib/accounts/csm/repush-diverged-csms";

// The Salesforce field an admin maps the CSM to (CsmSettings), read and saved. A new field gets
// every Clearinghouse assignment pushed into it at once, and is read by the next pull.

export const csmSettingsSchema = z.object({
  fieldName: z
    .string({ error: "Give the API name of a lookup to User on the account object, e.g. CSM__c." })
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, { error: "Give a Salesforce API name, e.g. CSM__c: letters, digits and underscores." }),
});
export type CsmSettingsInput = z.infer<typeof csmSettingsSchema>;

export interface CsmSettingsView {
  integrationId: string;
  fieldName: string;
  /** The account object the field is on (the pull settings' account object). */
  object: string;
  /** Why the field cannot carry the CSM now (not in the describe cache, not a User lookup); null when it can. */
  problem: string | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

async function salesforceIntegrationOrThrow(integrationId: string) {
  const integration = await db.integration.findUnique({ where: { id: integrationId }, select: { id: true, system: true } });
  if (!integration || integration.system !== "SALESFORCE") {
    throw new AppError("NOT_FOUND", "There is no Salesforce integration with this id. The CSM field is set on the Salesforce integration.");
  }
  return integration;
}

export async function csmSettingsView(integrationId: string): Promise<CsmSettingsView> {
  await salesforceIntegrationOrThrow(integrationId);
  const [row, pull] = await Promise.all([db.csmSettings.findUnique({ where: { integrationId } }), salesforcePullSettings(integrationId)]);
  const fieldName = row?.fieldName ?? DEFAULT_CSM_FIELD;
  return {
    integrationId,
    fieldName,
    object: pull.accountObject,
    problem: await checkCsmField(integrationId, pull.accountObject, fieldName),
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

/**
 * The CSM field's row and, when it is another field, its audit entry and every assignment marked
 * to push again, in the caller's transaction: saveCsmSettings' own, or a configuration import's,
 * which writes every section of its file or none. True when the field changed: the caller then
 * queues the pushes once committed (repushDivergedCsms).
 */
export async function writeCsmSettings(tx: Prisma.TransactionClient, integrationId: string, input: CsmSettingsInput, ctx: { actor: Actor | null; ip?: string | null }): Promise<boolean> {
  const by = ctx.actor?.email ?? "command line";
  const before = await tx.csmSettings.findUnique({ where: { integrationId } });
  const previous = before?.fieldName ?? DEFAULT_CSM_FIELD;
  await tx.csmSettings.upsert({ where: { integrationId }, create: { integrationId, fieldName: input.fieldName, updatedBy: by }, update: { fieldName: input.fieldName, updatedBy: by } });
  if (previous === input.fieldName) return false;
  // The new field holds none of Clearinghouse's assignments yet: each is pushed again.
  await tx.accountCsm.updateMany({ where: { integrationId }, data: { pushedAt: null } });
  await recordAudit(tx, { actor: ctx.actor, action: "csm.settings.save", targetType: "Integration", targetId: integrationId, before: { fieldName: previous }, after: { fieldName: input.fieldName }, ip: ctx.ip ?? null });
  return true;
}

export async function saveCsmSettings(integrationId: string, input: CsmSettingsInput, ctx: { actor: Actor | null; ip?: string | null }): Promise<CsmSettingsView & { message: string }> {
  await salesforceIntegrationOrThrow(integrationId);
  const { accountObject } = await salesforcePullSettings(integrationId);
  const problem = await checkCsmField(integrationId, accountObject, input.fieldName);
  if (problem) throw new AppError("INVALID_INPUT", problem, { fieldName: problem });
  const changed = await db.$transaction((tx) => writeCsmSettings(tx, integrationId, input, ctx));
  const queued = changed ? (await repushDivergedCsms(integrationId)).queued : 0;
  const view = await csmSettingsView(integrationId);
  const message = changed
    ? `The CSM now goes to ${accountObject}.${input.fieldName}.${queued ? ` ${queued} account CSM(s) set in Clearinghouse are being pushed there.` : ""} The next pull reads it.`
    : `The CSM already goes to ${accountObject}.${input.fieldName}.`;
  return { ...view, message };
}
