import type { Integration } from "@/lib/generated/prisma/client";
import { PendoConnector } from "@/lib/connectors/pendo/client";
import { PxConnector } from "@/lib/connectors/px/client";
import { pendoSource } from "@/lib/connectors/pendo/records";
import { pxSource } from "@/lib/connectors/px/records";
import type { AnalyticsSource } from "@/lib/connectors/records";
import { apiKeyCredentialsSchema, openCredentials } from "@/lib/integrations/credentials";

/** The one place a stored Pendo or PX integration becomes a connector (Salesforce: salesforce-client.ts). */
export function analyticsSourceFor(integration: Integration): AnalyticsSource {
  const { key } = openCredentials(integration, apiKeyCredentialsSchema);
  if (integration.system === "PENDO") return pendoSource(new PendoConnector({ baseUrl: integration.baseUrl, integrationKey: key }));
  if (integration.system === "PX") return pxSource(new PxConnector({ baseUrl: integration.baseUrl, apiKey: key }));
  throw new Error(`analyticsSourceFor: ${integration.system} is not an analytics tool`);
}
