import type { IntegrationSystem } from "@/lib/generated/prisma/client";

// What each connected integration runs on its own, and when, until an admin changes it.

export const SCHEDULE_ACTIONS = ["pull", "synchronize"] as const;
export type ScheduleAction = (typeof SCHEDULE_ACTIONS)[number];

export const ACTION_LABEL: Record<ScheduleAction, string> = { pull: "Pull", synchronize: "Synchronize" };

/**
 * Salesforce has no Synchronize of its own here: each Pendo or PX Synchronize pulls from it and
 * pushes into it, so a Salesforce one would repeat theirs.
 */
export const ACTIONS_BY_SYSTEM: Record<IntegrationSystem, readonly ScheduleAction[]> = {
  SALESFORCE: ["pull"],
  PENDO: ["pull", "synchronize"],
  PX: ["pull", "synchronize"],
};

export interface ScheduleTiming {
  cron: string;
  timezone: string;
}

/**
 * Seed 001: "Data is fetched from Salesforce every day at midnight GMT [...] pushed to Salesforce
 * every day at 3 AM, 11 AM, and 7 PM GMT"; Pendo and PX are pulled daily at the same midnight, so
 * every pull has landed before the first push of the day. A Synchronize pulls, matches, scores and
 * pushes both ways in that order (seed 002's timetable), so "map 04:00" needs no schedule of its own.
 */
export const DEFAULT_SCHEDULES: Record<ScheduleAction, ScheduleTiming> = {
  pull: { cron: "0 0 * * *", timezone: "UTC" },
  synchronize: { cron: "0 3,11,19 * * *", timezone: "UTC" },
};

export function isScheduleAction(value: string): value is ScheduleAction {
  return (SCHEDULE_ACTIONS as readonly string[]).includes(value);
}
