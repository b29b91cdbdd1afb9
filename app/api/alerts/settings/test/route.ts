import { route } from "@/lib/http/route";
import { sendTestNotification } from "@/lib/alerts/send-test";

// One message to each saved channel, answered with what each said: an admin setting up SMTP or a
// webhook sees the problem at once instead of at the next alert. Bounded by the senders' timeouts.
export const POST = route({ permission: "settings.manage" }, async () => sendTestNotification());
