import { route } from "@/lib/http/route";
import { unreadCount } from "@/lib/alerts/list-notifications";

/** The bell's count, polled by the console layout. */
export const GET = route({ permission: "integrations.read" }, async ({ user }) => ({ unread: await unreadCount(user.id) }));
