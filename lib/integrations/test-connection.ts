import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { describeVendorError, VendorError } from "@/lib/connectors/errors";
import { apiKeyCredentialsSchema, openCredentials } from "@/lib/integrations/credentials";
import { probeApiKey } from "@/lib/integrations/connect-api-key";
import { withSalesforce } from "@/lib/integrations/salesforce-client";
import { resolveAlerts } from "@/lib/integrations/alerts";

export async function requireIntegration(id: string) {
  const integration = await db.integration.findUnique({ where: { id } });
  if (!integration) throw new AppError("NOT_FOUND", "That integration no longer exists. Reload the page.");
  return integration;
}

/** A real call to the vendor; updates the card's status and the Salesforce API allowance. */
export async function testConnection(id: string): Promise<{ ok: boolean; message: string }> {
  const integration = await requireIntegration(id);
  if (integration.status === "DISABLED" || !integration.secrets) {
    throw new AppError("CONFLICT", "This integration is disconnected. Connect it first.");
  }
  try {
    if (integration.system === "SALESFORCE") {
      const limits = await withSalesforce(integration, async (sf) => {
        await sf.identity();
        return sf.limits();
      });
      await db.integration.update({
        where: { id },
        data: {
          status: "CONNECTED",
          statusMessage: null,
          lastCheckedAt: new Date(),
          apiUsed: limits.dailyApiRequests.max - limits.dailyApiRequests.remaining,
          apiMax: limits.dailyApiRequests.max,
          apiUsageAt: new Date(),
        },
      });
    } else {
      const { key } = openCredentials(integration, apiKeyCredentialsSchema);
      const { canWrite } = await probeApiKey(integration.system, integration.baseUrl, key);
      await db.integration.update({
        where: { id },
        data: {
          status: "CONNECTED",
          canWrite,
          statusMessage: canWrite ? null : "The key is read-only: pulls work, pushes to this system are off.",
          lastCheckedAt: new Date(),
        },
      });
    }
    await resolveAlerts(id);
    return { ok: true, message: "The connection works." };
  } catch (error) {
    const message = error instanceof VendorError ? describeVendorError(error) : error instanceof AppError ? error.message : null;
    if (!message) throw error;
    const reconnect = error instanceof VendorError && error.code === "invalid_grant";
    if (!reconnect) {
      await db.integration.update({ where: { id }, data: { status: "ERROR", statusMessage: message, lastCheckedAt: new Date() } });
    }
    throw new AppError("UNAVAILABLE", message);
  }
}
