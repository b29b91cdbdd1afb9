import { route } from "@/lib/http/route";
import { listNotifications, notificationQuerySchema } from "@/lib/alerts/list-notifications";

// Alert notifications, newest first, with this user's read state. Every role: alerts name
// integrations and runs, never account data.
export const GET = route({ permission: "integrations.read", query: notificationQuerySchema }, async ({ query, user }) => listNotifications(user.id, query));
