import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { keyring } from "@/lib/integrations/credentials";
import { emailChannelSchema, parseAlertRules, type AlertRules, type AlertSettingsView, type EmailChannel } from "@/lib/alerts/settings-schema";

// The one AlertSettings row (id 1): rules as JSON, the channels beside them. The webhook URL (a
// Slack URL carries its secret in its path) and the SMTP password are sealed like integration
// credentials, each bound to its column so a ciphertext copied to the other does not open.

export const SETTINGS_ID = 1;
const AAD = { webhookUrl: "AlertSettings.webhookUrl", emailPassword: "AlertSettings.emailPassword" } as const;

export const sealWebhookUrl = (url: string) => encryptSecret(url, keyring(), AAD.webhookUrl);
export const sealEmailPassword = (password: string) => encryptSecret(password, keyring(), AAD.emailPassword);

export interface AlertChannels {
  webhookUrl: string | null;
  email: (EmailChannel & { password: string | null }) | null;
  /** Why a stored secret could not be opened (the key it was sealed with is gone). */
  unreadable: string | null;
}

async function row() {
  return db.alertSettings.findUnique({ where: { id: SETTINGS_ID } });
}

function parseEmail(stored: unknown): EmailChannel | null {
  const parsed = emailChannelSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export async function alertRules(): Promise<AlertRules> {
  return parseAlertRules((await row())?.rules);
}

/** Rules, and which channels are set up (without opening secrets): what raising a notification needs. */
export async function alertSettingsSummary(): Promise<{ rules: AlertRules; webhook: boolean; email: boolean }> {
  const settings = await row();
  return { rules: parseAlertRules(settings?.rules), webhook: Boolean(settings?.webhookUrl), email: Boolean(settings && parseEmail(settings.email)) };
}

/** The channels with their secrets opened, for the delivery job only. */
export async function alertChannels(): Promise<AlertChannels> {
  const settings = await row();
  const open = (sealed: string | null, aad: string) => (sealed ? decryptSecret(sealed, keyring(), aad) : null);
  try {
    const email = parseEmail(settings?.email);
    return {
      webhookUrl: open(settings?.webhookUrl ?? null, AAD.webhookUrl),
      email: email ? { ...email, password: open(settings?.emailPassword ?? null, AAD.emailPassword) } : null,
      unreadable: null,
    };
  } catch (error) {
    return { webhookUrl: null, email: null, unreadable: `${(error as Error).message} Enter the webhook address and SMTP password again in the alert settings.` };
  }
}

function webhookHost(sealed: string | null): { host: string } | null {
  if (!sealed) return null;
  try {
    return { host: new URL(decryptSecret(sealed, keyring(), AAD.webhookUrl)).host };
  } catch {
    return { host: "unreadable: enter it again" };
  }
}

export async function alertSettingsView(): Promise<AlertSettingsView> {
  const settings = await row();
  const email = parseEmail(settings?.email);
  return {
    rules: parseAlertRules(settings?.rules),
    webhook: webhookHost(settings?.webhookUrl ?? null),
    email: email ? { ...email, passwordSet: Boolean(settings?.emailPassword) } : null,
    updatedAt: settings?.updatedAt.toISOString() ?? null,
    updatedBy: settings?.updatedBy ?? null,
  };
}
