import type { SchedulesPage, ScheduleView } from "@/lib/sync/schedules/list-schedules";

// The page's one query: every schedule, as GET /api/schedules answers.
export const SCHEDULES_KEY = ["schedules"] as const;

/** Puts a saved schedule in place of its old self in the cached page. */
export function replaceSchedule(saved: ScheduleView) {
  return (page: SchedulesPage | undefined): SchedulesPage | undefined =>
    page && { ...page, schedules: page.schedules.map((s) => (s.integrationId === saved.integrationId && s.action === saved.action ? saved : s)) };
}
