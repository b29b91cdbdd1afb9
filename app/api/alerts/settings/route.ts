import { route } from "@/lib/http/route";
import { saveAlertSettings } from "@/lib/alerts/save-settings";
import { alertSettingsView } from "@/lib/alerts/settings";
import { saveAlertSettingsSchema } from "@/lib/alerts/settings-schema";

// The alert rules' thresholds and channels. Secrets (the webhook URL, the SMTP password) are
// write-only: the answer says whether they are set, never what they are.
export const GET = route({ permission: "settings.read" }, async () => alertSettingsView());

export const PUT = route({ permission: "settings.manage", body: saveAlertSettingsSchema }, async ({ body, user, ip }) => saveAlertSettings(body, { actor: user, ip }));
