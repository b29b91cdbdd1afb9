import { z } from "zod";
import { csmSettingsSchema } from "@/lib/accounts/csm/csm-settings";
import { alertRulesSchema } from "@/lib/alerts/settings-schema";
import { salesforcePullSettingsSchema } from "@/lib/integrations/pull-settings";
import { fieldMappingSchema, type FieldMapping } from "@/lib/mapping/mapping-schema";
import { SYSTEM_LABEL, type FieldSystem } from "@/lib/mapping/types";
import { kpiSettingsSchema } from "@/lib/kpis/kpi-settings";
import { matchRulesSchema } from "@/lib/matching/rules";
import { ACTIONS_BY_SYSTEM, type ScheduleAction } from "@/lib/sync/schedules/defaults";
import { scheduleInputSchema } from "@/lib/sync/schedules/schedule-schema";
import type { IntegrationSystem } from "@/lib/generated/prisma/client";

// The configuration file: everything an admin sets, in one JSON document that moves between
// installations. Integrations are keyed by system, never by id (ids differ from one installation
// to the next), and no credential, token or key is ever part of it. Unknown keys are refused rather
// than dropped: a key this version does not know is a setting it would silently lose.
//
// Schedules (Settings › Schedules) are a section of each system's own: only the actions that system
// runs (ACTIONS_BY_SYSTEM), each checked by the page's own schema. The section is optional, so a
// file exported before schedules joined it still reads as version 1 and leaves every schedule as
// it is; a Clearinghouse older than this refuses a file with schedules by naming the key.
//
// Three more sections joined the same way, each optional (a file without one leaves that setting
// as it is), each checked by its own page's schema and saved through its page's write:
// tools.<system>.kpiSettings (Settings › KPI settings: core features, licensed seats and
// contracted features fields), salesforce.csmSettings (the account's User lookup holding the CSM),
// and alerts.rules (Settings › Alerts: each rule on or off, its thresholds or level). The alert
// channels are left out whole: the webhook URL carries its secret in its path, and the email
// channel is a login to one installation's SMTP server (host, user, password) with its own
// recipients. Both stay as they are on import; a file that names either is refused.

export const CONFIG_FORMAT = "clearinghouse-config";
export const CONFIG_VERSION = 1;

export const TOOL_SYSTEMS = ["PENDO", "PX"] as const;
export type ToolSystem = (typeof TOOL_SYSTEMS)[number];

/** A stand-in id while a mapping from the file is checked: the file carries none, the installation adds its own. */
const NO_INTEGRATION_YET = "config-file";

/** A field mapping as the file carries it: fieldMappingSchema without the installation's integration id. */
export type PortableMapping = Omit<FieldMapping, "integrationId">;

export function toPortable({ integrationId: _id, ...mapping }: FieldMapping): PortableMapping {
  return mapping;
}

/** A sentence for a value of the wrong type only; other issues (unknown keys…) keep their own. */
const whenNotA = (sentence: string) => (issue: { code: string }) => (issue.code === "invalid_type" ? sentence : undefined);

const portableMappingSchema = z
  .looseObject({}, { error: whenNotA("Each field mapping is an object with entity, direction, source, targetField and writeMode.") })
  // Any integration id in the file belongs to another installation: it is replaced, never trusted.
  .transform((mapping) => ({ ...mapping, integrationId: NO_INTEGRATION_YET }))
  .pipe(fieldMappingSchema)
  .transform(toPortable);

const label = (system: IntegrationSystem) => SYSTEM_LABEL[system.toLowerCase() as FieldSystem];
const quoteKey = (key: string) => JSON.stringify(key.length > 40 ? `${key.slice(0, 37)}…` : key);

/** A key the system has no schedule for: which ones it does have, and for Salesforce where a Synchronize goes instead. */
function notAnActionOf(system: IntegrationSystem, keys: readonly string[]): string {
  const has = ACTIONS_BY_SYSTEM[system];
  const takes = has.length === 1 ? `a ${has[0]} schedule only` : `${has.join(" and ")} schedules`;
  const why =
    system === "SALESFORCE" && keys.includes("synchronize")
      ? " Each Pendo or PX Synchronize pulls from Salesforce and pushes into it: schedule theirs under tools.PENDO.schedules or tools.PX.schedules."
      : "";
  return `${label(system)} takes ${takes}; remove ${keys.map(quoteKey).join(", ")}.${why}`;
}

const scheduleSchema = z
  .looseObject({}, { error: whenNotA('Each schedule is an object with cron, timezone and paused, such as {"cron": "0 3 * * *", "timezone": "UTC", "paused": false}.') })
  .pipe(scheduleInputSchema);

/** One system's schedules, keyed by action: only the actions it runs, each as Settings › Schedules saves it. */
function schedulesSchema(system: IntegrationSystem) {
  const shape = Object.fromEntries(ACTIONS_BY_SYSTEM[system].map((action) => [action, scheduleSchema.optional()])) as Record<ScheduleAction, z.ZodOptional<typeof scheduleSchema>>;
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return notAnActionOf(system, issue.keys);
      return issue.code === "invalid_type" ? `schedules is an object keyed by action: ${ACTIONS_BY_SYSTEM[system].join(", ")}.` : undefined;
    },
  });
}

function toolSectionSchema(system: ToolSystem) {
  return z.strictObject(
    {
      matchingRules: matchRulesSchema.strict(),
      fieldMappings: z.array(portableMappingSchema, { error: whenNotA("fieldMappings is a list of field mappings.") }).max(500, { error: "A tool holds at most 500 field mappings." }),
      schedules: schedulesSchema(system).optional(),
      kpiSettings: kpiSettingsSchema.strict().optional(),
    },
    { error: whenNotA("A tool's section is an object with matchingRules, fieldMappings and (optionally) schedules and kpiSettings.") },
  );
}

const alertsSchema = z.strictObject(
  { rules: alertRulesSchema },
  {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        return `The file carries the alert rules only; remove ${issue.keys.map(quoteKey).join(", ")}. The webhook address and the email (SMTP) settings are credentials of one installation: set them on Settings › Alerts.`;
      }
      return issue.code === "invalid_type" ? 'alerts is an object with the alert rules, such as {"rules": {…}}.' : undefined;
    },
  },
);

export const configFileSchema = z.strictObject(
  {
    format: z.literal(CONFIG_FORMAT),
    version: z.literal(CONFIG_VERSION),
    exportedAt: z.iso.datetime({ error: "exportedAt is the time of the export, such as 2026-01-31T12:00:00.000Z." }),
    salesforce: z
      .strictObject(
        { pullSettings: salesforcePullSettingsSchema.strict(), schedules: schedulesSchema("SALESFORCE").optional(), csmSettings: csmSettingsSchema.strict().optional() },
        { error: whenNotA("salesforce is an object with pullSettings and (optionally) schedules and csmSettings.") },
      )
      .optional(),
    tools: z
      .strictObject({ PENDO: toolSectionSchema("PENDO").optional(), PX: toolSectionSchema("PX").optional() }, { error: whenNotA("tools is an object keyed by system: PENDO, PX.") })
      .default({}),
    alerts: alertsSchema.optional(),
  },
  { error: whenNotA("The file holds a JSON object: the configuration Clearinghouse exported.") },
);

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ToolSection = z.infer<ReturnType<typeof toolSectionSchema>>;
/** One system's schedules as the file carries them: `{ pull?: {cron, timezone, paused}, synchronize?: … }`. */
export type ConfigSchedules = z.infer<ReturnType<typeof schedulesSchema>>;

/** clearinghouse-config-2026-01-31.json: the day of the export, UTC. */
export function configFileName(at: Date): string {
  return `${CONFIG_FORMAT}-${at.toISOString().slice(0, 10)}.json`;
}
