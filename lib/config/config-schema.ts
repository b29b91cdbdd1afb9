import { z } from "zod";
import { salesforcePullSettingsSchema } from "@/lib/integrations/pull-settings";
import { fieldMappingSchema, type FieldMapping } from "@/lib/mapping/mapping-schema";
import { matchRulesSchema } from "@/lib/matching/rules";

// The configuration file: everything an admin sets, in one JSON document that moves between
// installations. Integrations are keyed by system, never by id (ids differ from one installation
// to the next), and no credential, token or key is ever part of it. Unknown keys are refused rather
// than dropped: a key this version does not know is a setting it would silently lose.
//
// Schedules are not in it: the worker's schedules are fixed in code (workers/schedules.ts) and no
// admin can set one yet; they join the file, as a new section, once they can be set.

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

const toolSectionSchema = z.strictObject(
  {
    matchingRules: matchRulesSchema.strict(),
    fieldMappings: z.array(portableMappingSchema, { error: whenNotA("fieldMappings is a list of field mappings.") }).max(500, { error: "A tool holds at most 500 field mappings." }),
  },
  { error: whenNotA("A tool's section is an object with matchingRules and fieldMappings.") },
);

export const configFileSchema = z.strictObject(
  {
    format: z.literal(CONFIG_FORMAT),
    version: z.literal(CONFIG_VERSION),
    exportedAt: z.iso.datetime({ error: "exportedAt is the time of the export, such as 2026-01-31T12:00:00.000Z." }),
    salesforce: z.strictObject({ pullSettings: salesforcePullSettingsSchema.strict() }, { error: whenNotA("salesforce is an object with pullSettings.") }).optional(),
    tools: z
      .strictObject({ PENDO: toolSectionSchema.optional(), PX: toolSectionSchema.optional() }, { error: whenNotA("tools is an object keyed by system: PENDO, PX.") })
      .default({}),
  },
  { error: whenNotA("The file holds a JSON object: the configuration Clearinghouse exported.") },
);

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ToolSection = z.infer<typeof toolSectionSchema>;

/** clearinghouse-config-2026-01-31.json: the day of the export, UTC. */
export function configFileName(at: Date): string {
  return `${CONFIG_FORMAT}-${at.toISOString().slice(0, 10)}.json`;
}
