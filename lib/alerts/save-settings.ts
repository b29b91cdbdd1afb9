import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError, zodFields } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { alertSettingsView, sealEmailPassword, sealWebhookUrl, SETTINGS_ID } from "@/lib/alerts/settings";
import { isLocalHost, saveAlertSettingsSchema, type AlertSettingsView, type SaveAlertSettings } from "@/lib/alerts/settings-schema";
import type { Context } from "@/lib/users/manage-users";

/** What is audited of the channels: never the URL (its path is a secret) nor the password. */
function auditedChannels(webhook: { host: string } | null, email: AlertSettingsView["email"]) {
  return { webhook: webhook?.host ?? null, email: email ? { ...email } : null };
}

/**
 * The settings row and its audit entry (without secrets), in the caller's transaction:
 * saveAlertSettings' own, or a configuration import's, which writes every section of its file or
 * none. `before` is the view the audit entry compares with. A secret the input leaves out keeps
 * the stored one.
 */
export async function writeAlertSettings(tx: Prisma.TransactionClient, settings: SaveAlertSettings, before: AlertSettingsView, ctx: Context): Promise<void> {
  const { rules, webhook, email } = settings;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('alert-settings'))`;
  const stored = await tx.alertSettings.findUnique({ where: { id: SETTINGS_ID } });

  let webhookUrl: string | null = null;
  if (webhook) {
    webhookUrl = webhook.url ? sealWebhookUrl(webhook.url) : (stored?.webhookUrl ?? null);
    if (!webhookUrl) throw new AppError("INVALID_INPUT", "Enter the webhook address.", { "webhook.url": "Enter the webhook address." });
  }

  let emailPassword: string | null = null;
  let emailJson: Prisma.InputJsonObject | null = null;
  if (email) {
    const { password, ...channel } = email;
    emailPassword = password === undefined ? (stored?.emailPassword ?? null) : password === null ? null : sealEmailPassword(password);
    // A password crosses the network in clear without TLS: only to a relay on this machine.
    if (channel.security === "none" && emailPassword && !isLocalHost(channel.host)) {
      const message = "Choose TLS or STARTTLS: a password is never sent without encryption, except to localhost.";
      throw new AppError("INVALID_INPUT", message, { "email.security": message });
    }
    emailJson = channel;
  }

  const data = { rules, webhookUrl, email: emailJson ?? Prisma.DbNull, emailPassword, updatedBy: ctx.actor?.email ?? null };
  await tx.alertSettings.upsert({ where: { id: SETTINGS_ID }, create: { id: SETTINGS_ID, ...data }, update: data });
  const afterEmail = emailJson ? { ...emailJson, passwordSet: Boolean(emailPassword) } : null;
  await recordAudit(tx, {
    actor: ctx.actor,
    action: "alert-settings.save",
    targetType: "AlertSettings",
    targetId: String(SETTINGS_ID),
    before: { rules: before.rules, ...auditedChannels(before.webhook, before.email) } as Prisma.InputJsonValue,
    after: { rules, webhook: webhook ? "set" : null, email: afterEmail } as Prisma.InputJsonValue,
    ip: ctx.ip ?? null,
  });
}

/**
 * Saves the rules and channels. A secret the page left out keeps the stored one; the change is
 * audited without secrets. The next evaluation (after a run, or the recurring check) uses it.
 */
export async function saveAlertSettings(input: unknown, ctx: Context): Promise<{ view: AlertSettingsView; message: string }> {
  const parsed = saveAlertSettingsSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", parsed.error.issues[0]!.message, zodFields(parsed.error));
  const before = await alertSettingsView();
  await db.$transaction((tx) => writeAlertSettings(tx, parsed.data, before, ctx));
  const view = await alertSettingsView();
  const channels = [view.webhook && "the webhook", view.email && "email"].filter(Boolean).join(" and ");
  return { view, message: `Saved. The rules apply from the next run or the next check (every 5 minutes)${channels ? `; notifications go to ${channels}` : "; notifications show in the console only"}.` };
}
