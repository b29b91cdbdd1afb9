import { AppError } from "@/lib/errors";
import type { IntegrationStatus } from "@/lib/generated/prisma/client";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { requireIntegration } from "@/lib/integrations/test-connection";
import { isConnected, schedulesOf, type EffectiveSchedule } from "@/lib/sync/schedules/connected-schedules";
import { ACTION_LABEL, ACTIONS_BY_SYSTEM, isScheduleAction } from "@/lib/sync/schedules/defaults";

/** The schedule a change names (saved or default), refused with a sentence when there is no such schedule. */
export async function requireSchedule(integrationId: string, action: string): Promise<{ schedule: EffectiveSchedule; status: IntegrationStatus }> {
  const integration = await requireIntegration(integrationId);
  const label = SYSTEM_LABEL[integration.system];
  if (!isScheduleAction(action) || !ACTIONS_BY_SYSTEM[integration.system].includes(action)) {
    const has = ACTIONS_BY_SYSTEM[integration.system].map((a) => ACTION_LABEL[a]).join(" and ");
    const why = integration.system === "SALESFORCE" && action === "synchronize" ? " Each Pendo or PX Synchronize pulls from Salesforce and pushes into it: schedule theirs." : "";
    throw new AppError("NOT_FOUND", `${label} has no "${action.slice(0, 40)}" schedule, only ${has}.${why}`);
  }
  if (!isConnected(integration)) throw new AppError("CONFLICT", `${label} is not connected, so it runs no schedule. Connect it on the Integrations page first.`);
  const schedule = (await schedulesOf([integration])).find((s) => s.action === action)!;
  return { schedule, status: integration.status };
}
