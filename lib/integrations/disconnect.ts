import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Context } from "@/lib/users/manage-users";
import { revokeSalesforceToken } from "@/lib/connectors/salesforce/oauth";
import { openCredentials, salesforceCredentialsSchema } from "@/lib/integrations/credentials";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { resolveAlerts } from "@/lib/integrations/alerts";

/**
 * Revokes the Salesforce token (best effort: an unreachable org must not keep the secret here),
 * deletes the stored secrets and keeps the row, so history and mappings survive a reconnect.
 */
export async function disconnectIntegration(id: string, ctx: Context): Promise<{ revoked: boolean }> {
  const integration = await requireIntegration(id);
  let revoked = false;
  if (integration.system === "SALESFORCE" && integration.secrets) {
    try {
      const { refreshToken } = openCredentials(integration, salesforceCredentialsSchema);
      await revokeSalesforceToken({ loginUrl: integration.baseUrl, token: refreshToken });
      revoked = true;
    } catch (error) {
      logger.warn({ integration: id, err: error instanceof Error ? error.message : String(error) }, "token revocation failed");
    }
  }
  await db.$transaction(async (tx) => {
    await tx.integration.update({
      where: { id },
      data: { status: "DISABLED", statusMessage: null, secrets: null, apiUsed: null, apiMax: null, apiUsageAt: null },
    });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "integration.disconnect",
      targetType: "Integration",
      targetId: id,
      before: { system: integration.system, status: integration.status },
      after: { status: "DISABLED", tokenRevoked: revoked },
      ip: ctx.ip,
    });
  });
  await resolveAlerts(id);
  return { revoked };
}
