import { route } from "@/lib/http/route";
import { listSchedules } from "@/lib/sync/schedules/list-schedules";

// Every connected integration's pull and Synchronize schedules, with their next run times (UTC instants).
export const GET = route({ permission: "schedules.read" }, async () => listSchedules());
