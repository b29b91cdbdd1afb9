import { route } from "@/lib/http/route";
import { markNotificationsRead, markReadSchema } from "@/lib/alerts/list-notifications";

/** Marks notifications read for the signed-in user only: `{ ids: [...] }` or `{ all: true }`. */
export const POST = route({ permission: "integrations.read", body: markReadSchema }, async ({ body, user }) => markNotificationsRead(user.id, body));
