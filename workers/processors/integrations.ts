import { UnrecoverableError } from "bullmq";
import { VendorError } from "@/lib/connectors/errors";
import { logger } from "@/lib/logger";
import { db } from "@/lib/db";
import { connectedSalesforceIds, refreshSalesforceDescribe } from "@/lib/integrations/describe-cache";
import { testConnection } from "@/lib/integrations/test-connection";

// Vendor errors that a retry cannot fix (refused credentials, bad input) stop the job; the card
// already shows what to do. Transient ones are thrown again for BullMQ's backoff.
function rethrow(error: unknown): never {
  if (error instanceof VendorError && !error.retryable) throw new UnrecoverableError(error.message);
  throw error;
}

export async function refreshDescribe({ integrationId }: { integrationId: string }) {
  try {
    return await refreshSalesforceDescribe(integrationId);
  } catch (error) {
    rethrow(error);
  }
}

export async function refreshAllDescribes() {
  for (const id of await connectedSalesforceIds()) {
    await refreshSalesforceDescribe(id).catch((e: unknown) => logger.warn({ integration: id, err: String(e) }, "describe refresh failed"));
  }
}

export async function checkConnections() {
  const rows = await db.integration.findMany({ where: { status: { in: ["CONNECTED", "ERROR"] } }, select: { id: true } });
  for (const { id } of rows) {
    // testConnection records the outcome on the card itself; one failing system must not stop the others.
    await testConnection(id).catch(() => undefined);
  }
}
