import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";
import { isSealedUnderOldKey, keyring } from "@/lib/integrations/credentials";
import type { Context } from "@/lib/users/manage-users";
import { rotateAlertSecrets } from "@/lib/alerts/rotate-alert-secrets";

/**
 * Re-encrypts every stored secret under the current SECRETS_KEY. Run after moving the old key to
 * SECRETS_KEY_PREVIOUS; once it reports 0 remaining, the old key can be dropped. Idempotent.
 */
export async function rotateSecrets(ctx: Context): Promise<{ reencrypted: number; remaining: number }> {
  const ring = keyring();
  const rows = await db.integration.findMany({ where: { secrets: { not: null } }, select: { id: true, secrets: true } });
  let reencrypted = 0;
  for (const row of rows) {
    if (!row.secrets || !isSealedUnderOldKey(row.secrets)) continue;
    const plaintext = decryptSecret(row.secrets, ring, row.id);
    // Compare-and-set: a token refreshed meanwhile is not overwritten with the older value.
    const { count } = await db.integration.updateMany({
      where: { id: row.id, secrets: row.secrets },
      data: { secrets: encryptSecret(plaintext, ring, row.id) },
    });
    reencrypted += count;
  }
  // The alert settings' webhook URL and SMTP password are sealed with the same keys.
  const alerts = await rotateAlertSecrets();
  reencrypted += alerts.reencrypted;
  const remaining =
    alerts.remaining +
    (await db.integration.findMany({ where: { secrets: { not: null } }, select: { secrets: true } })).filter((r) => r.secrets && isSealedUnderOldKey(r.secrets)).length;
  await db.$transaction((tx) => recordAudit(tx, { actor: ctx.actor, action: "secrets.rotate", targetType: "Integration", after: { reencrypted, remaining }, ip: ctx.ip }));
  return { reencrypted, remaining };
}
