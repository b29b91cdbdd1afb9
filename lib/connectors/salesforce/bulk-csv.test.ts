import { describe, expect, it } from "vitest";
import { BULK_NULL, bulkCellText, csvCell, csvLine, parseBulkError, parseCsvRows } from "@/lib/connectors/salesforce/bulk-csv";

describe("bulkCellText", () => {
  it("writes null and empty text as #N/A (clear the field) and a missing value as an empty cell (leave it)", () => {
    expect(bulkCellText(null)).toBe(BULK_NULL);
    expect(bulkCellText("")).toBe("#N/A");
    expect(bulkCellText(undefined)).toBe("");
  });

  it("writes booleans, numbers and dates the way Salesforce parses them", () => {
    expect(bulkCellText(true)).toBe("true");
    expect(bulkCellText(false)).toBe("false");
    expect(bulkCellText(0)).toBe("0");
    expect(bulkCellText(-12.5)).toBe("-12.5");
    expect(bulkCellText(0.1)).toBe("0.1");
    // String() would give 1e+21 and 1e-7.
    expect(bulkCellText(1e21)).toBe("1000000000000000000000");
    expect(bulkCellText(1e-7)).toBe("0.0000001");
    expect(bulkCellText(-2.5e-8)).toBe("-0.000000025");
    expect(bulkCellText(new Date("2026-03-01T12:34:56Z"))).toBe("2026-03-01T12:34:56.000Z");
    expect(bulkCellText("2026-03-01")).toBe("2026-03-01");
  });

  it("refuses values Salesforce would store as something else", () => {
    expect(() => bulkCellText(Number.NaN)).toThrow(TypeError);
    expect(() => bulkCellText(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });
});

describe("csvCell / csvLine", () => {
  it("quotes only what CSV needs, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("#N/A")).toBe("#N/A");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\r")).toBe('"cr\r"');
    expect(csvCell(" padded ")).toBe('" padded "');
    expect(csvCell("")).toBe("");
    expect(csvLine(["001", "", "#N/A", "x,y"])).toBe('001,,#N/A,"x,y"');
  });

  it("round-trips through the parser, accents, emoji and embedded line breaks included", () => {
    const cells = ["001000000000001AAA", 'Zoë "the" café, Ltd.', "multi\r\nline", "😀", "", "#N/A", " lead"];
    const text = `${csvLine(["Id", "A", "B", "C", "D", "E", "F"])}\n${csvLine(cells)}\n`;
    expect(parseCsvRows(text)).toEqual([["Id", "A", "B", "C", "D", "E", "F"], cells]);
  });

  it("parses Salesforce's all-quoted result files and empty ones", () => {
    expect(parseCsvRows('"sf__Id","sf__Created","Id"\n"001","false","001"\n')).toEqual([
      ["sf__Id", "sf__Created", "Id"],
      ["001", "false", "001"],
    ]);
    expect(parseCsvRows("")).toEqual([]);
    expect(parseCsvRows("\uFEFF\"Id\"\n")).toEqual([["Id"]]);
  });
});

describe("parseBulkError", () => {
  it("splits code, message (with its own colons) and fields", () => {
    expect(parseBulkError("REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --")).toEqual({
      code: "REQUIRED_FIELD_MISSING",
      message: "Required fields are missing: [Name]",
      fields: ["Name"],
    });
    expect(parseBulkError("STRING_TOO_LONG:PX Account ID: data value too large: aaaa(truncated) (max length=255):PX_Account_Id__c --")).toEqual({
      code: "STRING_TOO_LONG",
      message: "PX Account ID: data value too large: aaaa(truncated) (max length=255)",
      fields: ["PX_Account_Id__c"],
    });
    expect(parseBulkError("INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create/update fields: A, B.:A,B --").fields).toEqual(["A", "B"]);
  });

  it("handles errors without fields, without the trailing marker, and several errors", () => {
    expect(parseBulkError("UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record or 1 records: --")).toEqual({
      code: "UNABLE_TO_LOCK_ROW",
      message: "unable to obtain exclusive access to this record or 1 records",
      fields: [],
    });
    expect(parseBulkError("ENTITY_IS_DELETED:entity is deleted:")).toEqual({ code: "ENTITY_IS_DELETED", message: "entity is deleted", fields: [] });
    expect(parseBulkError("DUPLICATE_VALUE:duplicate value found: X__c duplicates value on record with id: 001:X__c --FIELD_CUSTOM_VALIDATION_EXCEPTION:no:Y__c --")).toMatchObject({
      code: "DUPLICATE_VALUE",
      fields: ["X__c"],
    });
    // Salesforce always ends with ":fields"; without it, a tail that is no field list stays in the message.
    expect(parseBulkError("FIELD_CUSTOM_VALIDATION_EXCEPTION:Score must be 0-100: got 250 points --")).toEqual({
      code: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
      message: "Score must be 0-100: got 250 points",
      fields: [],
    });
  });

  it("never invents a code", () => {
    expect(parseBulkError("")).toMatchObject({ code: "UNKNOWN_EXCEPTION" });
    expect(parseBulkError("something odd happened")).toMatchObject({ code: "UNKNOWN_EXCEPTION", message: "something odd happened" });
  });
});
