import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Context } from "@/lib/users/manage-users";
import { describeVendorError, VendorError } from "@/lib/connectors/errors";
import { createPkcePair, exchangeSalesforceCode, loginHostFor, salesforceAuthorizeUrl } from "@/lib/connectors/salesforce/oauth";
import { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { keyring, sealCredentials } from "@/lib/integrations/credentials";
import { resolveAlerts } from "@/lib/integrations/alerts";
import { enqueue } from "@/lib/queue/producer";

const HANDSHAKE_MINUTES = 10;

export const startSalesforceSchema = z.object({
  environment: z.enum(["production", "sandbox", "custom", "emulator"], { message: "Pick production, sandbox or My Domain" }),
  customDomain: z.string().trim().max(200).optional(),
});

export const salesforceCallbackSchema = z.object({
  state: z.string().min(1).max(200).optional(),
  code: z.string().min(1).max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export function salesforceRedirectUri(): string {
  return `${env.NEXTAUTH_URL.replace(/\/$/, "")}/api/integrations/salesforce/callback`;
}

function resolveLoginUrl(input: z.infer<typeof startSalesforceSchema>): string {
  if (input.environment === "emulator") {
    if (!env.SALESFORCE_EMULATOR_URL) throw new AppError("INVALID_INPUT", "No local Salesforce emulator is configured here.");
    return env.SALESFORCE_EMULATOR_URL;
  }
  if (input.environment === "custom" && !input.customDomain) {
    throw new AppError("INVALID_INPUT", "Enter your My Domain login URL, such as https://acme.my.salesforce.com.", {
      customDomain: "Enter your My Domain login URL",
    });
  }
  try {
    return loginHostFor(input.environment, input.customDomain);
  } catch (e) {
    const message = e instanceof Error ? e.message : "That login URL cannot be used.";
    throw new AppError("INVALID_INPUT", message, { customDomain: message });
  }
}

/** Step 1: remember a PKCE verifier under a random state and send the admin to Salesforce. */
/** Who started a handshake: a console user, or the command line (connect-demo). */
const handshakeOwner = (ctx: Context) => ctx.actor?.id ?? "cli";

export async function startSalesforceConnect(ctx: Context, input: z.infer<typeof startSalesforceSchema>): Promise<{ authorizeUrl: string }> {
  const loginUrl = resolveLoginUrl(input);
  const { verifier, challenge } = createPkcePair();
  const state = randomBytes(24).toString("base64url");
  await db.oAuthState.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db.oAuthState.create({
    data: {
      state,
      userId: handshakeOwner(ctx),
      environment: input.environment,
      loginUrl,
      codeVerifier: encryptSecret(verifier, keyring(), state),
      expiresAt: new Date(Date.now() + HANDSHAKE_MINUTES * 60_000),
    },
  });
  return {
    authorizeUrl: salesforceAuthorizeUrl({
      loginUrl,
      clientId: env.SALESFORCE_CLIENT_ID,
      redirectUri: salesforceRedirectUri(),
      state,
      codeChallenge: challenge,
    }),
  };
}

/** Step 2: the callback. Exchanges the code, checks the org and the user's API access, stores the tokens sealed. */
export async function finishSalesforceConnect(
  ctx: Context,
  input: z.infer<typeof salesforceCallbackSchema>,
): Promise<{ integrationId: string; orgName: string | null }> {
  const pending = input.state ? await db.oAuthState.findUnique({ where: { state: input.state } }) : null;
  if (pending) await db.oAuthState.delete({ where: { state: pending.state } }).catch(() => undefined);
  if (!pending || pending.expiresAt < new Date() || pending.userId !== handshakeOwner(ctx)) {
    throw new AppError("INVALID_INPUT", "This Salesforce sign-in expired or was started by someone else. Click Connect again.");
  }
  if (input.error || !input.code) {
    throw new AppError(
      "FORBIDDEN",
      `Salesforce did not grant access${input.error_description ? ` (${input.error_description})` : ""}. Click Connect and approve the request.`,
    );
  }

  try {
    const tokens = await exchangeSalesforceCode({
      loginUrl: pending.loginUrl,
      clientId: env.SALESFORCE_CLIENT_ID,
      clientSecret: env.SALESFORCE_CLIENT_SECRET,
      redirectUri: salesforceRedirectUri(),
      code: input.code,
      codeVerifier: decryptSecret(pending.codeVerifier, keyring(), pending.state),
    });
    const connector = new SalesforceConnector({
      loginUrl: pending.loginUrl,
      clientId: env.SALESFORCE_CLIENT_ID,
      clientSecret: env.SALESFORCE_CLIENT_SECRET,
      instanceUrl: tokens.instanceUrl,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      version: env.SALESFORCE_API_VERSION,
    });
    const identity = await connector.identity();
    await connector.checkApiAccess();
    const limits = await connector.limits();

    // Reconnecting the same org (or after "Reconnect needed") keeps the row, and with it history and mappings.
    const existing =
      (await db.integration.findFirst({ where: { system: "SALESFORCE", externalOrgId: identity.orgId } })) ??
      (await db.integration.findFirst({ where: { system: "SALESFORCE" }, orderBy: { updatedAt: "desc" } }));
    const fields = {
      status: "CONNECTED" as const,
      statusMessage: null,
      environment: pending.environment,
      baseUrl: pending.loginUrl,
      instanceUrl: tokens.instanceUrl,
      externalOrgId: identity.orgId,
      orgName: identity.orgName,
      connectedUser: identity.username,
      connectedUserId: identity.userId,
      isSandbox: identity.isSandbox,
      canWrite: true,
      apiUsed: limits.dailyApiRequests.max - limits.dailyApiRequests.remaining,
      apiMax: limits.dailyApiRequests.max,
      apiUsageAt: new Date(),
      connectedAt: new Date(),
      lastCheckedAt: new Date(),
    };
    const integration = await db.$transaction(async (tx) => {
      const row = existing
        ? await tx.integration.update({ where: { id: existing.id }, data: fields })
        : await tx.integration.create({ data: { system: "SALESFORCE", ...fields } });
      await tx.integration.update({
        where: { id: row.id },
        data: { secrets: sealCredentials(row.id, { refreshToken: tokens.refreshToken, accessToken: tokens.accessToken }) },
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        action: existing ? "integration.reconnect" : "integration.connect",
        targetType: "Integration",
        targetId: row.id,
        before: existing ? { status: existing.status, orgId: existing.externalOrgId, user: existing.connectedUser } : null,
        after: { system: "SALESFORCE", status: "CONNECTED", environment: pending.environment, orgId: identity.orgId, user: identity.username },
        ip: ctx.ip,
      });
      return row;
    });
    await resolveAlerts(integration.id);
    await enqueue("refreshSalesforceDescribe", { integrationId: integration.id }).catch(() => undefined);
    return { integrationId: integration.id, orgName: identity.orgName };
  } catch (error) {
    if (error instanceof VendorError) throw new AppError("UNAVAILABLE", describeVendorError(error));
    throw error;
  }
}
