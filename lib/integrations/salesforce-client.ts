import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Integration } from "@/lib/generated/prisma/client";
import { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { describeVendorError, VendorError } from "@/lib/connectors/errors";
import { openCredentials, salesforceCredentialsSchema, sealCredentials } from "@/lib/integrations/credentials";
import { raiseAlert } from "@/lib/integrations/alerts";
import { salesforceOrgGate } from "@/lib/integrations/salesforce-gate";

export const RECONNECT_CODE = "salesforce.reconnect-needed";

/**
 * A connector for a stored Salesforce integration. New access tokens from a refresh are sealed
 * and stored at once, so the next job starts with a fresh token.
 */
export function salesforceConnectorFor(integration: Integration, opts: { budget?: { spend(): void } } = {}): SalesforceConnector {
  const credentials = openCredentials(integration, salesforceCredentialsSchema);
  return new SalesforceConnector({
    loginUrl: integration.baseUrl,
    clientId: env.SALESFORCE_CLIENT_ID,
    clientSecret: env.SALESFORCE_CLIENT_SECRET,
    instanceUrl: integration.instanceUrl ?? integration.baseUrl,
    accessToken: credentials.accessToken,
    refreshToken: credentials.refreshToken,
    version: env.SALESFORCE_API_VERSION,
    gate: salesforceOrgGate(integration.externalOrgId ?? integration.id),
    ...(opts.budget ? { budget: opts.budget } : {}),
    onTokenRefresh: async (accessToken: string) => {
      await db.integration.update({
        where: { id: integration.id },
        data: { secrets: sealCredentials(integration.id, { ...credentials, accessToken }) },
      });
    },
  });
}

/**
 * Runs `work` against Salesforce. A refused refresh token turns the card into "Reconnect needed"
 * and raises an alert, keeping the configuration; other errors are rethrown for the caller.
 */
export async function withSalesforce<T>(integration: Integration, work: (sf: SalesforceConnector) => Promise<T>, opts: { budget?: { spend(): void } } = {}): Promise<T> {
  const connector = salesforceConnectorFor(integration, opts);
  try {
    const result = await work(connector);
    await recordApiUsage(integration.id, connector);
    return result;
  } catch (error) {
    await recordApiUsage(integration.id, connector).catch(() => undefined);
    if (error instanceof VendorError && error.code === "invalid_grant") {
      await markReconnectNeeded(integration.id, describeVendorError(error));
    }
    throw error;
  }
}

export async function markReconnectNeeded(integrationId: string, message: string): Promise<void> {
  await db.integration.update({ where: { id: integrationId }, data: { status: "RECONNECT_NEEDED", statusMessage: message } });
  await raiseAlert(integrationId, RECONNECT_CODE, message);
}

async function recordApiUsage(integrationId: string, connector: SalesforceConnector): Promise<void> {
  const usage = connector.lastApiUsage();
  if (!usage) return;
  await db.integration.update({
    where: { id: integrationId },
    data: { apiUsed: usage.used, apiMax: usage.max, apiUsageAt: new Date() },
  });
}
