import { z } from "zod";
import { WRITE_MODES } from "@/lib/mapping/write-mode";

export const MAPPING_DIRECTIONS = ["pull-from-salesforce", "push-to-salesforce"] as const;
export type MappingDirection = (typeof MAPPING_DIRECTIONS)[number];

/** Which side holds the truth for a field mapped both ways; the other side only reads it. */
export const MAPPING_OWNERS = ["salesforce", "analytics"] as const;
export type MappingOwner = (typeof MAPPING_OWNERS)[number];

const fieldName = z
  .string({ error: "Choose a field." })
  .trim()
  .min(1, { error: "Choose a field." })
  .max(255, { error: "A field name has at most 255 characters; choose a field from the list." })
  // A colon never occurs in Salesforce, Pendo ("group.field") or PX names; sourceKey uses it.
  .refine((name) => !name.includes(":") && !/[\u0000-\u001f]/.test(name), { error: "Field names have no colons or control characters; choose a field from the list." });

const calculatedKey = z
  .string({ error: "Choose a calculated value." })
  .trim()
  // Per-feature KPIs carry the tool's feature id (PX: a UUID; Pendo: letters, digits, - and _).
  .regex(/^[a-z][a-z0-9_.-]{0,199}$/i, { error: "A calculated value's key is letters, digits, _, - and . (up to 200); choose one from the list." });

export const mappingSourceSchema = z.discriminatedUnion(
  "kind",
  [z.object({ kind: z.literal("field"), field: fieldName }), z.object({ kind: z.literal("calculated"), key: calculatedKey })],
  { error: "Choose a source field or a calculated value." },
);
export type MappingSource = z.infer<typeof mappingSourceSchema>;

/**
 * One field mapping of one integration (a Pendo or PX connection): for accounts or contacts
 * (Pendo visitors, PX users), either pulled from Salesforce into the tool or pushed from the tool
 * (a field, or a value Clearinghouse calculates, such as a KPI) into Salesforce.
 */
export const fieldMappingSchema = z
  .object({
    integrationId: z.string({ error: "Choose an integration." }).trim().min(1, { error: "Choose an integration." }),
    entity: z.enum(["account", "contact"], { error: "Choose accounts or contacts." }),
    direction: z.enum(MAPPING_DIRECTIONS, { error: "Choose pull from Salesforce or push to Salesforce." }),
    source: mappingSourceSchema,
    targetField: fieldName,
    writeMode: z.enum(WRITE_MODES, { error: "Choose when to write: always, whenEmpty or neverNull." }),
    owner: z.enum(MAPPING_OWNERS, { error: "Choose which side owns the field: salesforce or analytics." }).nullable().default(null),
  })
  .superRefine((mapping, ctx) => {
    // Calculated values exist only in Clearinghouse, so they can only be pushed to Salesforce.
    if (mapping.source.kind === "calculated" && mapping.direction !== "push-to-salesforce") {
      ctx.addIssue({ code: "custom", path: ["source"], message: "A calculated value can only be pushed to Salesforce; choose a Salesforce field as the source of a pull." });
    }
  });
export type FieldMapping = z.infer<typeof fieldMappingSchema>;
export type FieldMappingInput = z.input<typeof fieldMappingSchema>;

/** The key under which a source record carries this mapping's value: the field name, or `calculated:<key>`. */
export function sourceKey(source: MappingSource): string {
  return source.kind === "field" ? source.field : `calculated:${source.key}`;
}

/** The side a mapping writes into. */
export function targetSide(direction: MappingDirection): MappingOwner {
  return direction === "push-to-salesforce" ? "salesforce" : "analytics";
}
