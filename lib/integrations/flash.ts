// The Salesforce callback ends in a redirect, so its outcome travels to the Integrations page in a
// short-lived cookie rather than in the URL (where anyone could craft a message).
export const FLASH_COOKIE = "ch_integration_flash";

export interface Flash {
  tone: "green" | "red";
  message: string;
}

export function flashCookie(flash: Flash): string {
  return `${FLASH_COOKIE}=${encodeURIComponent(JSON.stringify(flash))}; Path=/integrations; Max-Age=30; HttpOnly; SameSite=Lax`;
}

export function parseFlash(raw: string | undefined): Flash | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(decodeURIComponent(raw)) as Partial<Flash>;
    if ((value.tone === "green" || value.tone === "red") && typeof value.message === "string") {
      return { tone: value.tone, message: value.message.slice(0, 500) };
    }
  } catch {
    // a damaged cookie is ignored
  }
  return null;
}
