import { checkTypeCompatibility } from "@/lib/mapping/compatibility";
import type { FieldMapping } from "@/lib/mapping/mapping-schema";
import { checkPushTarget } from "@/lib/mapping/prefix-rule";
import { fieldTitle, mappingTypeOf, SYSTEM_LABEL, type AnalyticsSystem, type FieldRef, type MappingType } from "@/lib/mapping/types";

/** What a mapping is checked against: the cached field lists of its integration and entity. */
export interface MappingContext {
  system: AnalyticsSystem;
  /** The entity's Salesforce object (Account or Contact), from the cached describe. */
  salesforceFields: ReadonlyMap<string, FieldRef>;
  /** The entity's Pendo fields (account, visitor) or PX attributes (account, user). */
  analyticsFields: ReadonlyMap<string, FieldRef>;
  /** The calculated values that may be pushed, by key, with the kind of value each holds. */
  calculatedSources?: ReadonlyMap<string, MappingType>;
}

export interface MappingProblem {
  /** The form field the problem belongs to. */
  path: "source" | "targetField";
  code: string;
  message: string;
}

export type MappingCheck = { ok: true; type: MappingType; notes: string[] } | { ok: false; problems: MappingProblem[] };

function missing(path: MappingProblem["path"], where: string, name: string): MappingProblem {
  return { path, code: "FIELD_NOT_FOUND", message: `${where} has no field "${name}". Refresh the field list and choose one of its fields.` };
}

/**
 * Whether one mapping may be saved: its fields exist, a push writes only a field carrying the
 * integration's prefix, a pull does not write a field the tool maintains itself, and both ends
 * hold the same kind of value (seed 001's table). Every problem is listed, each with a sentence
 * that says what to change. Conflicts between mappings are checked by checkMappingSet.
 */
export function validateMapping(mapping: FieldMapping, ctx: MappingContext): MappingCheck {
  const problems: MappingProblem[] = [];
  const tool = SYSTEM_LABEL[ctx.system];
  const push = mapping.direction === "push-to-salesforce";

  let salesforce: FieldRef | undefined;
  let other: FieldRef | { calculated: string; type: MappingType } | undefined;
  if (push) {
    salesforce = ctx.salesforceFields.get(mapping.targetField);
    if (!salesforce) problems.push(missing("targetField", "Salesforce", mapping.targetField));
    else {
      const allowed = checkPushTarget(salesforce, ctx.system);
      if (!allowed.ok) problems.push({ path: "targetField", code: allowed.code, message: allowed.message });
    }
    if (mapping.source.kind === "calculated") {
      const type = ctx.calculatedSources?.get(mapping.source.key);
      if (type) other = { calculated: mapping.source.key, type };
      else problems.push({ path: "source", code: "UNKNOWN_CALCULATED_VALUE", message: `There is no calculated value "${mapping.source.key}". Choose one from the list.` });
    } else {
      other = ctx.analyticsFields.get(mapping.source.field);
      if (!other) problems.push(missing("source", tool, mapping.source.field));
    }
  } else {
    // The schema refuses calculated sources on a pull.
    const sourceField = mapping.source.kind === "field" ? mapping.source.field : mapping.source.key;
    salesforce = ctx.salesforceFields.get(sourceField);
    if (!salesforce) problems.push(missing("source", "Salesforce", sourceField));
    const target = ctx.analyticsFields.get(mapping.targetField);
    other = target;
    if (!target) problems.push(missing("targetField", tool, mapping.targetField));
    else if (target.system === "pendo" && !target.name.startsWith("custom.")) {
      // Pendo maintains its `auto` group itself (first and last visit…) and refuses writes to it;
      // `agent` and integration groups are set by the app's snippet or another integration. The
      // write-back (lib/connectors/pendo/writes.ts) writes the `custom` group only.
      problems.push({
        path: "targetField",
        code: "FIELD_NOT_WRITABLE",
        message: `${fieldTitle(target)} is not a Pendo custom field, and Clearinghouse writes only those. Choose a custom field (create one in Pendo › Settings › Data Mappings).`,
      });
    }
  }

  const notes: string[] = [];
  let type: MappingType | undefined;
  if (salesforce && other) {
    const fit = checkTypeCompatibility(salesforce, other);
    if (!fit.ok) {
      // Blame the Salesforce field when its own type is the problem, the tool's side otherwise.
      const salesforcePath = push ? "targetField" : "source";
      const toolPath = push ? "source" : "targetField";
      problems.push({ path: fit.code === "UNSUPPORTED_FIELD_TYPE" && !mappingTypeOf(salesforce) ? salesforcePath : toolPath, code: fit.code, message: fit.message });
    }
    else {
      type = fit.type;
      if (fit.note) notes.push(fit.note);
      if (!push && "system" in other && other.system === "pendo" && other.type === "integer" && salesforce.type !== "int" && salesforce.scale !== 0) {
        notes.push(`${fieldTitle(other)} holds whole numbers only; records whose ${fieldTitle(salesforce)} has decimals will be refused one by one.`);
      }
    }
  }
  if (problems.length > 0 || !type) return { ok: false, problems };
  return { ok: true, type, notes };
}
