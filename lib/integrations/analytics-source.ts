import type { Integration } from "@/lib/generated/prisma/client";
import type { AnalyticsWriter } from "@/lib/connectors/analytics-writer";
import { PendoConnector } from "@/lib/connectors/pendo/client";
import { PxConnector } from "@/lib/connectors/px/client";
import { pendoSource } from "@/lib/connectors/pendo/records";
import { PendoUsageReader } from "@/lib/connectors/pendo/usage";
import { pendoWriter } from "@/lib/connectors/pendo/writer";
import { pxSource } from "@/lib/connectors/px/records";
import { PxUsageReader } from "@/lib/connectors/px/usage";
import { pxWriter } from "@/lib/connectors/px/writer";
import type { AnalyticsSource } from "@/lib/connectors/records";
import { apiKeyCredentialsSchema, openCredentials } from "@/lib/integrations/credentials";

type Connector = { system: "PENDO"; pendo: PendoConnector } | { system: "PX"; px: PxConnector };

function connectorFor(integration: Integration): Connector {
  const { key } = openCredentials(integration, apiKeyCredentialsSchema);
  if (integration.system === "PENDO") return { system: "PENDO", pendo: new PendoConnector({ baseUrl: integration.baseUrl, integrationKey: key }) };
  if (integration.system === "PX") return { system: "PX", px: new PxConnector({ baseUrl: integration.baseUrl, apiKey: key }) };
  throw new Error(`connectorFor: ${integration.system} is not an analytics tool (Pendo or PX)`);
}

/** The one place a stored Pendo or PX integration becomes a connector (Salesforce: salesforce-client.ts). */
export function analyticsSourceFor(integration: Integration): AnalyticsSource {
  const c = connectorFor(integration);
  return c.system === "PENDO" ? pendoSource(c.pendo) : pxSource(c.px);
}

/** The same connector's write-back side; a read-only key (canWrite false) sends nothing. */
export function analyticsWriterFor(integration: Integration): AnalyticsWriter {
  const c = connectorFor(integration);
  const options = { canWrite: integration.canWrite };
  return c.system === "PENDO" ? pendoWriter(c.pendo, options) : pxWriter(c.px, options);
}

export type AnalyticsUsage = { system: "PENDO"; reader: PendoUsageReader } | { system: "PX"; reader: PxUsageReader };

/** The same connector's usage side: what lib/usage reads daily rollups through. */
export function analyticsUsageFor(integration: Integration): AnalyticsUsage {
  const c = connectorFor(integration);
  return c.system === "PENDO" ? { system: "PENDO", reader: new PendoUsageReader(c.pendo) } : { system: "PX", reader: new PxUsageReader(c.px) };
}
