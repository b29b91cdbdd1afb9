import { z } from "zod";
import { DEVELOPMENT_SECRETS_KEY, env } from "@/lib/env";
import { decryptSecret, encryptSecret, needsReencryption, parseKeyring } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";

// Credentials are stored as one sealed JSON document per integration, bound to the row's id so a
// ciphertext copied onto another row does not open.
export const salesforceCredentialsSchema = z.object({ refreshToken: z.string().min(1), accessToken: z.string().min(1) });
export const apiKeyCredentialsSchema = z.object({ key: z.string().min(1) });
export type SalesforceCredentials = z.infer<typeof salesforceCredentialsSchema>;
export type ApiKeyCredentials = z.infer<typeof apiKeyCredentialsSchema>;

export function keyring() {
  const previous = (env.SECRETS_KEY_PREVIOUS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
  return parseKeyring({ current: env.SECRETS_KEY ?? DEVELOPMENT_SECRETS_KEY, previous });
}

export function sealCredentials(integrationId: string, credentials: SalesforceCredentials | ApiKeyCredentials): string {
  return encryptSecret(JSON.stringify(credentials), keyring(), integrationId);
}

export function openCredentials<S extends z.ZodType>(integration: { id: string; secrets: string | null }, schema: S): z.infer<S> {
  if (!integration.secrets) {
    throw new AppError("CONFLICT", "This integration is disconnected. Connect it again on the Integrations page.");
  }
  return schema.parse(JSON.parse(decryptSecret(integration.secrets, keyring(), integration.id)));
}

export function isSealedUnderOldKey(sealed: string): boolean {
  return needsReencryption(sealed, keyring());
}
