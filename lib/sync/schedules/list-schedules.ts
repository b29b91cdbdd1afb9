import type { IntegrationStatus } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { schedulesOf, type EffectiveSchedule } from "@/lib/sync/schedules/connected-schedules";
import { ACTION_LABEL, DEFAULT_SCHEDULES, type ScheduleTiming } from "@/lib/sync/schedules/defaults";
import { describeCron } from "@/lib/sync/schedules/describe-cron";
import { nextRunTimes } from "@/lib/sync/schedules/next-run-times";
import { MIN_MINUTES_BETWEEN_RUNS } from "@/lib/sync/schedules/schedule-schema";

/** How many upcoming runs the page and the command line show (issue 11: "the next five run times"). */
export const RUNS_SHOWN = 5;

export interface ScheduleView {
  integrationId: string;
  system: EffectiveSchedule["system"];
  integration: string;
  integrationStatus: IntegrationStatus;
  action: EffectiveSchedule["action"];
  actionLabel: string;
  /** What a run of this action does, in one line. */
  does: string;
  cron: string;
  timezone: string;
  paused: boolean;
  isDefault: boolean;
  defaults: ScheduleTiming;
  /** "Every day at 03:00, 11:00 and 19:00"; null for shapes without a plain reading. */
  description: string | null;
  /** The next runs as UTC instants (ISO 8601); none while paused. The page shows them in the viewer's zone. */
  nextRuns: string[];
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface SchedulesPage {
  schedules: ScheduleView[];
  minMinutesBetweenRuns: number;
}

const DOES: Record<EffectiveSchedule["action"], (system: EffectiveSchedule["system"]) => string> = {
  pull: (system) => `Reads ${SYSTEM_LABEL[system]} into the hub, then re-matches what changed.`,
  synchronize: (system) => `Pulls Salesforce and ${SYSTEM_LABEL[system]}, matches, refreshes usage, KPIs and health, and pushes both ways.`,
};

export function toScheduleView(s: EffectiveSchedule, status: IntegrationStatus, now: Date): ScheduleView {
  let nextRuns: string[] = [];
  try {
    if (!s.paused) nextRuns = nextRunTimes(s.cron, s.timezone, RUNS_SHOWN, now).map((d) => d.toISOString());
  } catch {
    // Only a row edited by hand can fail to parse: no times, and the page says to save a valid one.
  }
  return {
    integrationId: s.integrationId,
    system: s.system,
    integration: SYSTEM_LABEL[s.system],
    integrationStatus: status,
    action: s.action,
    actionLabel: ACTION_LABEL[s.action],
    does: DOES[s.action](s.system),
    cron: s.cron,
    timezone: s.timezone,
    paused: s.paused,
    isDefault: s.isDefault,
    defaults: DEFAULT_SCHEDULES[s.action],
    description: describeCron(s.cron),
    nextRuns,
    updatedAt: s.updatedAt?.toISOString() ?? null,
    updatedBy: s.updatedBy,
  };
}

/** Settings › Schedules, `GET /api/schedules` and `cli schedules`: every connected integration's schedules. */
export async function listSchedules(now: Date = new Date()): Promise<SchedulesPage> {
  const integrations = await db.integration.findMany({
    where: { secrets: { not: null }, status: { not: "DISABLED" } },
    select: { id: true, system: true, status: true },
    orderBy: { createdAt: "asc" },
  });
  const status = new Map(integrations.map((i) => [i.id, i.status]));
  const schedules = await schedulesOf(integrations);
  return { schedules: schedules.map((s) => toScheduleView(s, status.get(s.integrationId)!, now)), minMinutesBetweenRuns: MIN_MINUTES_BETWEEN_RUNS };
}
