import { describe, expect, it } from "vitest";
import { DmlError } from "./errors";
import type { FieldMeta, ObjectMeta } from "./metadata/types";
import { ValidationRules, validationRuleSchema } from "./validation-rules";

const account = { name: "Account" } as ObjectMeta;
const field = (name: string) => ({ name }) as FieldMeta;
const ID = "001000000000001AAA";
const OTHER = "001000000000002AAA";

function refusal(rules: ValidationRules, id: string, fields: string[], meta = account): DmlError | undefined {
  try {
    rules.check(meta, id, fields.map(field));
    return undefined;
  } catch (err) {
    return err as DmlError;
  }
}

describe("emulator validation rules", () => {
  it("refuses only the listed records, with Salesforce's code, the rule's message and the field it names", () => {
    const rules = new ValidationRules();
    rules.set([validationRuleSchema.parse({ object: "account", recordIds: [ID.slice(0, 15)], field: "PX_Health_Score__c", message: "Score needs review" })]);
    expect(refusal(rules, ID, ["PX_Last_Seen__c"])).toBeUndefined();
    expect(refusal(rules, OTHER, ["PX_Health_Score__c"])).toBeUndefined();
    expect(refusal(rules, ID, ["px_health_score__c"], { name: "Contact" } as ObjectMeta)).toBeUndefined();
    expect(refusal(rules, ID, ["PX_Last_Seen__c", "px_health_score__c"])?.errors).toEqual([{ statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message: "Score needs review", fields: ["PX_Health_Score__c"] }]);
    rules.clear();
    expect(refusal(rules, ID, ["PX_Health_Score__c"])).toBeUndefined();
  });

  it("without a field, refuses any update of the record; bad input names what is wrong", () => {
    const rules = new ValidationRules();
    rules.set([validationRuleSchema.parse({ object: "Account", recordIds: [ID] })]);
    expect(refusal(rules, ID, ["Name"])?.errors[0]).toMatchObject({ statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", fields: [] });
    expect(validationRuleSchema.safeParse({ object: "Account", recordIds: ["nope"] }).error?.issues[0]?.message).toBe("must be a 15- or 18-character Salesforce ID");
  });
});
