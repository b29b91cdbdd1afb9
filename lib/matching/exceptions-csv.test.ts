import { describe, expect, it } from "vitest";
import { csvCell, exceptionCsvLine } from "@/lib/matching/exceptions-csv";

describe("exception CSV", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell('Acme, "Inc"')).toBe('"Acme, ""Inc"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
  });

  it("defuses values a spreadsheet would run as formulas", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1 415 555 0100")).toBe("'+1 415 555 0100");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe("\"'\r=1\"");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(42)).toBe("42");
  });

  it("writes one line per exception with what was tried", () => {
    const line = exceptionCsvLine({
      integrationId: "i",
      system: "Gainsight PX",
      entity: "ACCOUNT",
      analyticsId: "acct-1",
      label: "Acme",
      kind: "AMBIGUOUS",
      reason: 'Name "acme" fits 2 Salesforce records; none was picked',
      tried: [
        { criterion: "Salesforce account ID", outcome: "skipped", note: "no Salesforce ID" },
        { criterion: "Name", outcome: "many", key: "acme", note: "2 Salesforce records" },
      ],
      salesforceId: null,
      sharedWith: [],
      since: "2026-11-23T00:00:00.000Z",
      override: null,
    });
    expect(line).toBe(
      'Gainsight PX,account,acct-1,Acme,ambiguous,"Name ""acme"" fits 2 Salesforce records; none was picked",Salesforce account ID: skipped – no Salesforce ID; Name: many (acme) – 2 Salesforce records,,,2026-11-23T00:00:00.000Z,',
    );
  });
});
