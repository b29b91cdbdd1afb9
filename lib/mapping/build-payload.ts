import { contentHash } from "@/lib/sync/hash";
import { convertValue, type ConversionCode } from "@/lib/mapping/convert-value";
import { sourceKey, targetSide, type FieldMapping, type MappingDirection } from "@/lib/mapping/mapping-schema";
import { checkPushTarget, type PushTargetCheck } from "@/lib/mapping/prefix-rule";
import { fieldTitle, SYSTEM_LABEL, type AnalyticsSystem, type FieldRef } from "@/lib/mapping/types";
import { decideWrite, type CurrentValue, type SkipReason } from "@/lib/mapping/write-mode";

/** Everything about one direction of one integration that stays the same from record to record. */
export interface PayloadPlan {
  /** The integration's tool: it decides the push prefix (PX_ or Pendo_). */
  system: AnalyticsSystem;
  direction: MappingDirection;
  /** The mappings of this direction, in the order they were saved; the first to claim a target wins. */
  mappings: readonly FieldMapping[];
  /** The fields that may be written, by name: the Salesforce describe for a push, Pendo/PX fields for a pull. */
  targetFields: ReadonlyMap<string, FieldRef>;
  /** The fields read, by name, when known: a Salesforce percent source is scaled to a ratio (see convert-number.ts). */
  sourceFields?: ReadonlyMap<string, FieldRef>;
}

export interface SkippedField {
  targetField: string;
  source: string;
  reason: SkipReason | "OWNED_BY_TARGET" | "SOURCE_MISSING";
  message: string;
}

export interface InvalidField {
  targetField: string;
  source: string;
  code: ConversionCode | Exclude<PushTargetCheck, { ok: true }>["code"] | "TARGET_FIELD_MISSING" | "TARGET_MAPPED_TWICE";
  message: string;
}

export interface Payload {
  /** Target field → converted value: exactly what one record's write should send. */
  fields: Record<string, unknown>;
  skipped: SkippedField[];
  /** Per-record errors: the rest of the record is still written. */
  invalid: InvalidField[];
  /** contentHash of `fields`: equal to the hash stored at the last push means nothing changed since. */
  hash: string;
}

/**
 * The write for one record in one direction: each mapping's source value, through the owner rule,
 * the push prefix rule, the write mode and the conversion to its target's type.
 *
 * `source` holds the record's values by source key (see `sourceKey`: field names, and
 * `calculated:<key>` for calculated values); a key that is absent was not read or not calculated,
 * and its mapping is skipped rather than clearing the target. `current` holds the target record's
 * values as read: a field absent from it is empty; `null` means they were not read, so whenEmpty
 * mappings are skipped (a value a person typed is never overwritten on a guess).
 */
export function buildPayload(plan: PayloadPlan, source: Readonly<Record<string, unknown>>, current: Readonly<Record<string, unknown>> | null): Payload {
  const fields = new Map<string, unknown>();
  const claimed = new Set<string>();
  const skipped: SkippedField[] = [];
  const invalid: InvalidField[] = [];
  const writesTo = targetSide(plan.direction);

  for (const mapping of plan.mappings) {
    if (mapping.direction !== plan.direction) {
      throw new Error(`buildPayload: a ${mapping.direction} mapping was passed with the ${plan.direction} mappings`);
    }
    const key = sourceKey(mapping.source);
    const name = mapping.targetField;
    const skip = (reason: SkippedField["reason"], message: string) => skipped.push({ targetField: name, source: key, reason, message });
    const refuse = (code: InvalidField["code"], message: string) => invalid.push({ targetField: name, source: key, code, message });

    const target = plan.targetFields.get(name);
    const side = plan.direction === "push-to-salesforce" ? "Salesforce" : SYSTEM_LABEL[plan.system];
    if (!target) {
      refuse("TARGET_FIELD_MISSING", `${side} has no field "${name}" (it was deleted or renamed). Refresh the field list, then fix or remove the mapping.`);
      continue;
    }
    const title = fieldTitle(target);
    if (claimed.has(name)) {
      refuse("TARGET_MAPPED_TWICE", `${title} is the target of more than one mapping; only the first is applied. Remove the others.`);
      continue;
    }
    claimed.add(name);
    if (mapping.owner === writesTo) {
      skip("OWNED_BY_TARGET", `${title} is mapped both ways and ${side} owns it, so it is only read there, never written.`);
      continue;
    }
    if (plan.direction === "push-to-salesforce") {
      // Checked on every write, not only when the mapping was saved: Salesforce-owned fields are never written.
      const allowed = checkPushTarget(target, plan.system);
      if (!allowed.ok) {
        refuse(allowed.code, allowed.message);
        continue;
      }
    }
    if (!Object.hasOwn(source, key)) {
      skip("SOURCE_MISSING", `${title} was left as it is: the record has no value for ${key} yet (not read or not calculated).`);
      continue;
    }
    const raw = source[key];
    const now: CurrentValue = current === null ? { known: false } : { known: true, value: Object.hasOwn(current, name) ? current[name] : null };
    const decision = decideWrite(mapping.writeMode, raw, now);
    if (!decision.write) {
      skip(decision.reason, `${title} was not written: ${decision.message}`);
      continue;
    }
    const origin = mapping.source.kind === "calculated" ? { calculated: mapping.source.key } : plan.sourceFields?.get(key);
    const conversion = convertValue(raw, target, origin);
    if (!conversion.ok) {
      refuse(conversion.code, conversion.message);
      continue;
    }
    fields.set(name, conversion.value);
  }

  const written = Object.fromEntries(fields);
  return { fields: written, skipped, invalid, hash: contentHash(written) };
}
