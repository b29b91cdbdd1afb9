// Validation rules for tests and demos (POST /__emulator/validation-rules): a real org's rule is a
// formula; here a rule names the records it refuses, so a test can make a few chosen records fail
// the way Salesforce fails them (FIELD_CUSTOM_VALIDATION_EXCEPTION with the rule's message, per
// record inside a collection or Bulk write) and then "fix the cause" by removing the rule.

import { z } from "zod";
import { DmlError } from "./errors";
import type { FieldMeta, ObjectMeta } from "./metadata/types";
import { normalizeId } from "./ids";

const sfId = z.string().refine((s) => normalizeId(s) !== undefined, "must be a 15- or 18-character Salesforce ID");

export const validationRuleSchema = z.strictObject({
  /** sObject name, e.g. "Account" (case-insensitive) */
  object: z.string().min(1).max(80),
  recordIds: z.array(sfId).min(1).max(10_000),
  /** Only an update that sets this field is refused (any field when absent), and the error names it. */
  field: z.string().min(1).max(80).optional(),
  message: z.string().min(1).max(255).default("Refused by a validation rule (emulator)"),
});
export type ValidationRule = z.infer<typeof validationRuleSchema>;

export class ValidationRules {
  private rules: ValidationRule[] = [];

  list(): ValidationRule[] {
    return this.rules;
  }

  set(rules: ValidationRule[]): void {
    this.rules = rules.map((r) => ({ ...r, recordIds: r.recordIds.map((id) => normalizeId(id)!) }));
  }

  clear(): void {
    this.rules = [];
  }

  /** Salesforce runs validation rules after its own checks and before the unique-index check. */
  check(meta: ObjectMeta, id: string, changed: Iterable<FieldMeta>): void {
    if (this.rules.length === 0) return;
    const names = [...changed].map((f) => f.name.toLowerCase());
    for (const rule of this.rules) {
      if (rule.object.toLowerCase() !== meta.name.toLowerCase() || !rule.recordIds.includes(id)) continue;
      if (rule.field && !names.includes(rule.field.toLowerCase())) continue;
      throw new DmlError("FIELD_CUSTOM_VALIDATION_EXCEPTION", rule.message, rule.field ? [rule.field] : []);
    }
  }
}
