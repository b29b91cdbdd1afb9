import { describe, expect, it } from "vitest";
import { describeWriteError, KNOWN_WRITE_ERROR_CODES } from "@/lib/connectors/salesforce/write-errors";
import { SalesforceWriteInterrupted, unsendableValue, writeFailure } from "@/lib/connectors/salesforce/write-results";
import { VendorError } from "@/lib/connectors/errors";

const REQUIRED = [
  "FIELD_CUSTOM_VALIDATION_EXCEPTION",
  "STRING_TOO_LONG",
  "INVALID_FIELD_FOR_INSERT_UPDATE",
  "INVALID_FIELD",
  "INVALID_TYPE_ON_FIELD_IN_RECORD",
  "NUMBER_OUTSIDE_VALID_RANGE",
  "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
  "REQUIRED_FIELD_MISSING",
  "DUPLICATE_VALUE",
  "DUPLICATES_DETECTED",
  "ENTITY_IS_DELETED",
  "INVALID_CROSS_REFERENCE_KEY",
  "INVALID_ID_FIELD",
  "NOT_FOUND",
  "INSUFFICIENT_ACCESS_OR_READONLY",
  "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY",
  "UNABLE_TO_LOCK_ROW",
  "REQUEST_LIMIT_EXCEEDED",
];

describe("describeWriteError", () => {
  it("has its own advice for every code the push meets", () => {
    for (const code of REQUIRED) expect(KNOWN_WRITE_ERROR_CODES, code).toContain(code);
  });

  it("marks only what can succeed unchanged as retryable", () => {
    const retryable = KNOWN_WRITE_ERROR_CODES.filter((code) => describeWriteError(code).retryable).sort();
    expect(retryable).toEqual(["ALL_OR_NONE_OPERATION_ROLLED_BACK", "BULK_NOT_PROCESSED", "REQUEST_LIMIT_EXCEEDED", "UNABLE_TO_LOCK_ROW"]);
  });

  it("writes one sentence per code that names the object and fields and says what to do", () => {
    for (const code of KNOWN_WRITE_ERROR_CODES) {
      const { sentence } = describeWriteError(code, { object: "Account", fields: ["PX_Health_Score__c"], vendorMessage: "Score must be 0-100" });
      expect(sentence, code).toMatch(/^[A-Z"].*\.$/s);
      expect(sentence, code).not.toMatch(/undefined|\[object/);
      expect(sentence.length, code).toBeLessThan(300);
    }
    expect(describeWriteError("STRING_TOO_LONG", { object: "Account", fields: ["PX_Account_Id__c"] }).sentence).toContain("PX_Account_Id__c");
    expect(describeWriteError("FIELD_CUSTOM_VALIDATION_EXCEPTION", { object: "Account", vendorMessage: "Score must be 0-100" }).sentence).toContain(
      '"Score must be 0-100"',
    );
    expect(describeWriteError("REQUIRED_FIELD_MISSING", { object: "Contact" }).sentence).toContain("the field on Contact");
  });

  it("falls back on the connector's classification for other codes", () => {
    expect(describeWriteError("SERVER_UNAVAILABLE")).toMatchObject({ retryable: true });
    expect(describeWriteError("UNKNOWN_EXCEPTION")).toMatchObject({ retryable: true });
    const other = describeWriteError("SOME_NEW_CODE", { object: "Account", vendorMessage: "nope" });
    expect(other.retryable).toBe(false);
    expect(other.sentence).toContain("SOME_NEW_CODE: nope");
  });
});

describe("write results", () => {
  it("a failure carries the advice", () => {
    expect(writeFailure("Account", { code: "UNABLE_TO_LOCK_ROW", vendorMessage: "locked", id: "001" })).toMatchObject({
      ok: false,
      id: "001",
      code: "UNABLE_TO_LOCK_ROW",
      retryable: true,
    });
    expect(writeFailure("Account", { code: "STRING_TOO_LONG", vendorMessage: "too long", fields: [] })).not.toHaveProperty("fields");
  });

  it("refuses values JSON or CSV would turn into something else", () => {
    expect(unsendableValue("Account", { Id: "001", A: 1, B: null, C: new Date(0), D: "x", E: true })).toBeUndefined();
    expect(unsendableValue("Account", { Id: "001", Score: Number.NaN })).toMatchObject({ code: "INVALID_TYPE_ON_FIELD_IN_RECORD", fields: ["Score"], id: "001" });
    expect(unsendableValue("Account", { When: new Date("nope") })).toMatchObject({ fields: ["When"] });
    expect(unsendableValue("Account", { Obj: { a: 1 } as unknown as string })).toMatchObject({ fields: ["Obj"] });
  });

  it("an interrupted write is the vendor error, plus what was done before", () => {
    const cause = new VendorError({ system: "salesforce", code: "REQUEST_LIMIT_EXCEEDED", vendorMessage: "TotalRequests Limit exceeded.", status: 403 });
    const error = new SalesforceWriteInterrupted(cause, [{ ok: true, id: "001" }]);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ code: "REQUEST_LIMIT_EXCEEDED", kind: "quota", status: 403, completed: [{ ok: true, id: "001" }] });
  });
});
