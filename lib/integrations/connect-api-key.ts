import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Context } from "@/lib/users/manage-users";
import { describeVendorError, VendorError } from "@/lib/connectors/errors";
import { PendoConnector } from "@/lib/connectors/pendo/client";
import { PxConnector } from "@/lib/connectors/px/client";
import { baseUrlFor } from "@/lib/integrations/connect-options";
import { sealCredentials } from "@/lib/integrations/credentials";
import { resolveAlerts } from "@/lib/integrations/alerts";

export const apiKeyConnectSchema = z.object({
  region: z.string().trim().min(1, "Pick a region").max(40),
  // Printable ASCII, no spaces: the key travels in an HTTP header, where a line break or a
  // non-ASCII character makes the request itself fail (a 503) instead of the vendor refusing it.
  key: z
    .string()
    .trim()
    .min(8, "Paste the whole key")
    .max(500)
    .regex(/^[\x21-\x7e]+$/, "Paste the key exactly as the vendor shows it: letters, digits and symbols, without spaces"),
});

type System = "PENDO" | "PX";

/** Validates a key with a real call before saving it; a refusal is shown in the vendor's words. */
export async function probeApiKey(system: System, baseUrl: string, key: string): Promise<{ canWrite: boolean }> {
  try {
    if (system === "PENDO") return await new PendoConnector({ baseUrl, integrationKey: key }).validate();
    await new PxConnector({ baseUrl, apiKey: key }).validate();
    return { canWrite: true };
  } catch (error) {
    if (error instanceof VendorError) throw new AppError("INVALID_INPUT", describeVendorError(error), { key: "Refused" });
    throw error;
  }
}

export async function connectApiKeyIntegration(
  system: System,
  ctx: Context,
  input: z.infer<typeof apiKeyConnectSchema>,
): Promise<{ integrationId: string; canWrite: boolean }> {
  const baseUrl = baseUrlFor(system === "PENDO" ? "pendo" : "px", input.region);
  const { canWrite } = await probeApiKey(system, baseUrl, input.key);
  const existing = await db.integration.findFirst({ where: { system }, orderBy: { updatedAt: "desc" } });
  const fields = {
    status: "CONNECTED" as const,
    statusMessage: canWrite ? null : "The key is read-only: pulls work, pushes to this system are off.",
    environment: input.region,
    baseUrl,
    canWrite,
    connectedAt: new Date(),
    lastCheckedAt: new Date(),
  };
  const integration = await db.$transaction(async (tx) => {
    const row = existing
      ? await tx.integration.update({ where: { id: existing.id }, data: fields })
      : await tx.integration.create({ data: { system, ...fields } });
    await tx.integration.update({ where: { id: row.id }, data: { secrets: sealCredentials(row.id, { key: input.key }) } });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: existing ? "integration.reconnect" : "integration.connect",
      targetType: "Integration",
      targetId: row.id,
      before: existing ? { status: existing.status, region: existing.environment, canWrite: existing.canWrite } : null,
      after: { system, status: "CONNECTED", region: input.region, canWrite },
      ip: ctx.ip,
    });
    return row;
  });
  await resolveAlerts(integration.id);
  return { integrationId: integration.id, canWrite };
}
