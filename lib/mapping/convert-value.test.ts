import { describe, expect, it } from "vitest";
import { convertValue, type Conversion } from "@/lib/mapping/convert-value";
import { mulberry32, PENDO, PX, SF } from "@/lib/mapping/test-fields";
import type { FieldRef } from "@/lib/mapping/types";

const value = (c: Conversion) => (c.ok ? c.value : `${c.code}`);
const codeOf = (c: Conversion) => (c.ok ? "ok" : c.code);

const NUMBER_TARGETS: FieldRef[] = [SF.NumberOfEmployees, SF.PX_Health_Score__c, SF.PX_Adoption__c, SF.AnnualRevenue, PX.healthScore!, PENDO["custom.arr"]!, PENDO["custom.seats"]!];
const ALL_TARGETS: FieldRef[] = [...Object.values(SF).filter((f) => f.type !== "reference"), ...Object.values(PX), ...Object.values(PENDO).filter((f) => f.type !== "list")];

describe("empty values", () => {
  it("null, undefined, blank text and empty lists become null on every target except a Salesforce checkbox (false)", () => {
    for (const empty of [null, undefined, "", "   ", "\t\n", []]) {
      for (const target of ALL_TARGETS) {
        expect(convertValue(empty, target), `${JSON.stringify(empty)} → ${target.system} ${target.type}`).toEqual({
          ok: true,
          value: target.system === "salesforce" && target.type === "boolean" ? false : null,
        });
      }
    }
  });

  it("keeps 0 and false: they are values", () => {
    expect(convertValue(0, PX.healthScore!)).toEqual({ ok: true, value: 0 });
    expect(convertValue(false, PX.isStrategic!)).toEqual({ ok: true, value: false });
    expect(convertValue(0, SF.PX_Notes__c)).toEqual({ ok: true, value: "0" });
  });

  it("refuses target types the table has no row for", () => {
    expect(convertValue("x", SF.ParentId)).toMatchObject({ ok: false, code: "UNSUPPORTED_FIELD_TYPE" });
    expect(convertValue(["a"], PENDO["custom.tags"]!)).toMatchObject({ ok: false, code: "UNSUPPORTED_FIELD_TYPE" });
  });
});

describe("numbers", () => {
  it("accepts numbers and strings of digits", () => {
    const t = PX.healthScore!;
    expect(value(convertValue(42, t))).toBe(42);
    expect(value(convertValue("42", t))).toBe(42);
    expect(value(convertValue("  -3.5 ", t))).toBe(-3.5);
    expect(value(convertValue("+7", t))).toBe(7);
    expect(value(convertValue(".5", t))).toBe(0.5);
    expect(value(convertValue("1e3", t))).toBe(1000);
    expect(value(convertValue("0042", t))).toBe(42);
    expect(value(convertValue(12n, t))).toBe(12);
    expect(value(convertValue(-0, t))).toBe(0);
    expect(Object.is(value(convertValue("-0", t)), 0)).toBe(true);
  });

  it("refuses text that is not a plain number, saying how to fix it", () => {
    for (const bad of ["12abc", "1,234", "0x1F", "1_000", "4 2", "-", ".", "e5", "€5", "5%", "true"]) {
      const c = convertValue(bad, PX.healthScore!);
      expect(codeOf(c), bad).toBe("NOT_A_NUMBER");
      if (!c.ok) expect(c.message).toContain("no thousands separators");
    }
    for (const bad of [true, {}, [1, 2], new Date(0)]) expect(codeOf(convertValue(bad, PX.healthScore!))).toBe("NOT_A_NUMBER");
  });

  it("refuses NaN and Infinity, as numbers or as text, on every number target", () => {
    for (const target of NUMBER_TARGETS) {
      for (const bad of [NaN, Infinity, -Infinity, "NaN", "Infinity", "-infinity", "inf", " +Inf "]) {
        const c = convertValue(bad, target);
        expect(codeOf(c), `${String(bad)} → ${target.name}`).toBe("NUMBER_NOT_FINITE");
        if (!c.ok) expect(c.message).toContain("NaN and Infinity are never written");
      }
    }
  });

  it("handles huge numbers without losing digits silently", () => {
    expect(codeOf(convertValue("1e400", PX.healthScore!))).toBe("NUMBER_OUT_OF_RANGE");
    expect(codeOf(convertValue("123456789012345678901234567890", PX.healthScore!))).toBe("NUMBER_PRECISION_LOST");
    expect(codeOf(convertValue("9007199254740993", PX.healthScore!))).toBe("NUMBER_PRECISION_LOST");
    expect(codeOf(convertValue(2n ** 64n, PX.healthScore!))).toBe("NUMBER_PRECISION_LOST");
    expect(value(convertValue("9007199254740991", PX.healthScore!))).toBe(9007199254740991);
    expect(value(convertValue("1e21", PX.healthScore!))).toBe(1e21);
    expect(value(convertValue(1e308, PX.healthScore!))).toBe(1e308);
    // Salesforce number fields hold 18 digits at most; int fields are 32 bits.
    expect(codeOf(convertValue(1e18, SF.PX_Health_Score__c))).toBe("NUMBER_OUT_OF_RANGE");
    expect(value(convertValue(999_999_999_999_999, SF.PX_Active_Users__c))).toBe(999_999_999_999_999);
    expect(value(convertValue(2_147_483_647, SF.NumberOfEmployees))).toBe(2_147_483_647);
    expect(codeOf(convertValue(2_147_483_648, SF.NumberOfEmployees))).toBe("NUMBER_OUT_OF_RANGE");
    expect(codeOf(convertValue(-2_147_483_648, SF.NumberOfEmployees))).toBe("NUMBER_OUT_OF_RANGE");
  });

  it("rounds to a Salesforce field's scale, half away from zero, as Salesforce stores it", () => {
    expect(value(convertValue(71.25, SF.PX_Health_Score__c))).toBe(71.3);
    expect(value(convertValue(-71.25, SF.PX_Health_Score__c))).toBe(-71.3);
    expect(value(convertValue(1.005, { ...SF.PX_Health_Score__c, scale: 2 }))).toBe(1.01);
    expect(value(convertValue(2.5, SF.PX_Active_Users__c))).toBe(3);
    expect(value(convertValue("12.34", { ...SF.PX_Health_Score__c, scale: undefined }))).toBe(12.34);
  });

  it("refuses fractions for whole-number fields instead of rounding them", () => {
    expect(codeOf(convertValue(3.5, SF.NumberOfEmployees))).toBe("NOT_A_WHOLE_NUMBER");
    const pendo = convertValue("2.5", PENDO["custom.seats"]!);
    expect(pendo).toMatchObject({ ok: false, code: "NOT_A_WHOLE_NUMBER" });
    if (!pendo.ok) expect(pendo.message).toContain("Pendo float field");
    expect(value(convertValue("7", PENDO["custom.seats"]!))).toBe(7);
    expect(value(convertValue(2.5, PENDO["custom.arr"]!))).toBe(2.5);
  });

  it("scales percent: a ratio pushed into Salesforce becomes points, a Salesforce percent pulled out becomes a ratio", () => {
    expect(value(convertValue(0.42, SF.PX_Adoption__c))).toBe(42);
    expect(value(convertValue(0.29, SF.PX_Adoption__c))).toBe(29);
    expect(value(convertValue(0.12345, SF.PX_Adoption__c))).toBe(12.35);
    expect(value(convertValue(1.5, SF.PX_Adoption__c, PX.adoption))).toBe(150);
    expect(value(convertValue("0.07", SF.PX_Adoption__c))).toBe(7);
    expect(value(convertValue(42, PX.adoption!, SF.PX_Adoption__c))).toBe(0.42);
    expect(value(convertValue(7, PENDO["custom.arr"]!, SF.PX_Adoption__c))).toBe(0.07);
    // Only percent fields scale.
    expect(value(convertValue(0.42, SF.PX_Health_Score__c))).toBe(0.4);
    expect(value(convertValue(42, PX.healthScore!, SF.PX_Health_Score__c))).toBe(42);
  });

  it("writes a calculated value as it is: a percent KPI is in points already", () => {
    expect(value(convertValue(42.5, SF.PX_Adoption__c, { calculated: "featureBreadth30d" }))).toBe(42.5);
    expect(value(convertValue(33.333, SF.PX_Adoption__c, { calculated: "coreFeatureAdoption30d" }))).toBe(33.33);
    expect(value(convertValue(7, SF.PX_Health_Score__c, { calculated: "activeUsers30d" }))).toBe(7);
  });

  it("generated: every finite number reaches PX unchanged, and its digit string gives the same number", () => {
    const rand = mulberry32(11);
    for (let i = 0; i < 2000; i++) {
      const magnitude = 10 ** Math.floor(rand() * 30 - 10);
      const n = (rand() - 0.5) * magnitude;
      expect(value(convertValue(n, PX.healthScore!))).toBe(n === 0 ? 0 : n);
      if (Math.abs(n) <= Number.MAX_SAFE_INTEGER) expect(value(convertValue(String(n), PX.healthScore!))).toBe(n === 0 ? 0 : n);
    }
  });

  it("generated: Salesforce values never carry more decimals than the scale, and move at most half a unit", () => {
    const rand = mulberry32(12);
    for (let i = 0; i < 2000; i++) {
      const scale = Math.floor(rand() * 5);
      const n = (rand() - 0.5) * 10 ** Math.floor(rand() * 12);
      const c = convertValue(n, { ...SF.PX_Health_Score__c, scale });
      expect(c.ok).toBe(true);
      if (!c.ok) continue;
      const out = c.value as number;
      expect(Math.abs(out - n)).toBeLessThanOrEqual(0.5 * 10 ** -scale * (1 + 1e-9) + Math.abs(n) * 1e-14);
      const decimals = (String(out).split(".")[1] ?? "").length;
      if (!String(out).includes("e")) expect(decimals).toBeLessThanOrEqual(scale);
    }
  });
});

describe("dates", () => {
  const sfDate = SF.PX_Renewal_Day__c;
  const sfDateTime = SF.PX_Last_Seen__c;
  const sfTime: FieldRef = { system: "salesforce", name: "PX_Daily_Run__c", type: "time", updateable: true };
  const pendo = PENDO["custom.renewaldate"]!;
  const px = PX.lastSeenDate!;

  it("writes Salesforce dates as the UTC day, datetimes as ISO with Z, times as HH:MM:SS.sssZ", () => {
    const shifted = "2024-03-10T23:30:00-05:00"; // 04:30 on 11 March in UTC
    expect(value(convertValue(shifted, sfDate))).toBe("2024-03-11");
    expect(value(convertValue(shifted, sfDateTime))).toBe("2024-03-11T04:30:00.000Z");
    expect(value(convertValue(shifted, sfTime))).toBe("04:30:00.000Z");
    expect(value(convertValue("2024-03-11T01:00:00+05:30", sfDate))).toBe("2024-03-10");
    expect(value(convertValue("2024-03-10", sfDate))).toBe("2024-03-10");
    expect(value(convertValue("2024-03-10", sfDateTime))).toBe("2024-03-10T00:00:00.000Z");
  });

  it("writes Pendo and PX dates as epoch milliseconds, as both store them", () => {
    const ms = Date.UTC(2024, 2, 11, 4, 30);
    for (const target of [pendo, px]) {
      expect(value(convertValue("2024-03-10T23:30:00-05:00", target))).toBe(ms);
      expect(value(convertValue("2024-03-11T04:30:00.000+0000", target))).toBe(ms); // Salesforce's datetime form
      expect(value(convertValue(new Date(ms), target))).toBe(ms);
      expect(value(convertValue(ms, target))).toBe(ms);
      expect(value(convertValue(String(ms), target))).toBe(ms);
      expect(value(convertValue("2024-03-11", target))).toBe(Date.UTC(2024, 2, 11));
    }
  });

  it("reads Salesforce time values as that time of day on 1970-01-01 UTC", () => {
    expect(value(convertValue("13:30:00.000Z", px))).toBe(Date.UTC(1970, 0, 1, 13, 30));
    expect(value(convertValue("13:30:00.000Z", sfTime))).toBe("13:30:00.000Z");
  });

  it("takes a date-time without a zone as UTC, never as the server's zone", () => {
    expect(value(convertValue("2024-03-10T23:30", sfDateTime))).toBe("2024-03-10T23:30:00.000Z");
    expect(value(convertValue("2024-03-10 23:30:15", px))).toBe(Date.UTC(2024, 2, 10, 23, 30, 15));
  });

  it("refuses impossible dates instead of rolling them over", () => {
    for (const bad of ["2023-02-29", "2024-13-01", "2024-04-31", "2024-03-10T24:00:00Z", "2024-03-10T10:60:00Z", "2024-03-10T10:00:00+19:00", "10/03/2024", "March 10", "yesterday", "2024-3-1"]) {
      const c = convertValue(bad, sfDateTime);
      expect(codeOf(c), bad).toBe("NOT_A_DATE");
      if (!c.ok) expect(c.message).toContain("ISO 8601");
    }
    expect(value(convertValue("2024-02-29", sfDate))).toBe("2024-02-29");
    for (const bad of [true, NaN, Infinity, {}, new Date(NaN), 9e15]) expect(codeOf(convertValue(bad, px))).toBe("NOT_A_DATE");
  });

  it("refuses dates Salesforce cannot hold (before 1700, after 4000)", () => {
    expect(codeOf(convertValue("1699-12-31T23:59:59Z", sfDate))).toBe("DATE_OUT_OF_RANGE");
    expect(codeOf(convertValue("4001-01-01", sfDateTime))).toBe("DATE_OUT_OF_RANGE");
    expect(value(convertValue("1700-01-01", sfDate))).toBe("1700-01-01");
    expect(value(convertValue("4000-12-31T23:59:59.999Z", sfDateTime))).toBe("4000-12-31T23:59:59.999Z");
    // Pendo and PX take any date JavaScript can hold; years below 100 are not read as 19xx.
    expect(value(convertValue("0050-06-01", px))).toBe(new Date("0050-06-01T00:00:00Z").getTime());
  });

  it("generated: an instant written with any offset lands on the same UTC instant and day", () => {
    const rand = mulberry32(21);
    const lo = Date.UTC(1700, 0, 2);
    const hi = Date.UTC(3999, 11, 30);
    for (let i = 0; i < 3000; i++) {
      const ms = Math.floor(lo + rand() * (hi - lo));
      const offset = (Math.floor(rand() * 57) - 28) * 30; // −14:00 … +14:00 in half hours
      const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
      const zone = offset === 0 ? "Z" : `${offset < 0 ? "-" : "+"}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0")}:${String(Math.abs(offset) % 60).padStart(2, "0")}`;
      const text = `${local}${zone}`;
      const iso = new Date(ms).toISOString();
      expect(value(convertValue(text, sfDateTime)), text).toBe(iso);
      expect(value(convertValue(text, sfDate)), text).toBe(iso.slice(0, 10));
      expect(value(convertValue(text, px)), text).toBe(ms);
      expect(value(convertValue(text, pendo)), text).toBe(ms);
    }
  });
});

describe("booleans", () => {
  it("accepts true/false, 1/0 and their strings in any case", () => {
    for (const target of [SF.PX_Is_Strategic__c, PX.isStrategic!, PENDO["custom.isstrategic"]!]) {
      for (const yes of [true, 1, "true", "TRUE", " True ", "1"]) expect(value(convertValue(yes, target))).toBe(true);
      for (const no of [false, 0, "false", "False", "0"]) expect(value(convertValue(no, target))).toBe(false);
    }
  });

  it("refuses anything it would have to guess", () => {
    for (const bad of ["yes", "no", "Y", "on", 2, -1, 0.5, "truthy", {}, NaN]) {
      const c = convertValue(bad, PX.isStrategic!);
      expect(codeOf(c), String(bad)).toBe("NOT_A_BOOLEAN");
      if (!c.ok) expect(c.message).toContain("true/false");
    }
  });
});

describe("text", () => {
  it("turns numbers, booleans and dates into text and trims single-line values", () => {
    expect(value(convertValue(42.5, SF.PX_Notes__c))).toBe("42.5");
    expect(value(convertValue(true, PX.segment!))).toBe("true");
    expect(value(convertValue(new Date(Date.UTC(2024, 0, 2)), PX.segment!))).toBe("2024-01-02T00:00:00.000Z");
    expect(value(convertValue("  Acme  ", SF.PX_Notes__c))).toBe("Acme");
    expect(value(convertValue("  line one\nline two  \n", SF.Description))).toBe("  line one\nline two  \n");
    expect(value(convertValue(["a", "b"], PX.segment!))).toBe("a;b");
  });

  it("refuses values with no text form", () => {
    for (const bad of [{ a: 1 }, NaN, Infinity, [{}], new Date(NaN)]) expect(codeOf(convertValue(bad, SF.PX_Notes__c))).toBe("NOT_TEXT");
  });

  it("refuses text longer than the Salesforce field for this record, never cutting it", () => {
    const fits = "x".repeat(255);
    expect(value(convertValue(fits, SF.PX_Notes__c))).toBe(fits);
    const long = convertValue("x".repeat(256), SF.PX_Notes__c);
    expect(long).toMatchObject({ ok: false, code: "STRING_TOO_LONG" });
    if (!long.ok) {
      expect(long.message).toContain("at most 255 characters, but the value has 256");
      expect(long.message).toContain("never cut");
      expect(long.message.length).toBeLessThan(400);
    }
    // Trimmed first: 255 characters of text with spaces around fit.
    expect(value(convertValue(` ${fits} `, SF.PX_Notes__c))).toBe(fits);
    // Characters are counted as Salesforce counts them (UTF-16 units): 128 emoji are 256.
    expect(codeOf(convertValue("😀".repeat(128), SF.PX_Notes__c))).toBe("STRING_TOO_LONG");
    // Pendo and PX state no length.
    expect(value(convertValue("x".repeat(100_000), PX.segment!))).toHaveLength(100_000);
  });

  it("generated: a Salesforce text value is either written whole or refused", () => {
    const rand = mulberry32(31);
    const alphabet = ["a", "Z", " ", "é", "😀", "\n", ";", "0"];
    for (let i = 0; i < 1500; i++) {
      const length = Math.floor(rand() * 300);
      let text = "";
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(rand() * alphabet.length)];
      const c = convertValue(text, SF.PX_Notes__c);
      const trimmed = text.trim();
      if (trimmed === "") expect(c).toEqual({ ok: true, value: null });
      else if (trimmed.length <= 255) expect(c).toEqual({ ok: true, value: trimmed });
      else expect(codeOf(c)).toBe("STRING_TOO_LONG");
    }
  });

  it("checks picklist values against the describe, taking Salesforce's spelling", () => {
    expect(value(convertValue("Enterprise", SF.PX_Segment__c))).toBe("Enterprise");
    expect(value(convertValue("enterprise", SF.PX_Segment__c))).toBe("Enterprise");
    const unknown = convertValue("Startup", SF.PX_Segment__c);
    expect(unknown).toMatchObject({ ok: false, code: "UNKNOWN_PICKLIST_VALUE" });
    if (!unknown.ok) {
      expect(unknown.message).toContain('no picklist value "Startup"');
      expect(unknown.message).toContain('"Enterprise", "Mid-Market", "SMB"');
      expect(unknown.message).toContain("Salesforce Setup");
    }
    // Values listed only when the describe lists them; a combobox takes any text.
    expect(value(convertValue("Startup", { ...SF.PX_Segment__c, picklistValues: undefined }))).toBe("Startup");
    expect(value(convertValue("Startup", { ...SF.PX_Segment__c, picklistValues: [] }))).toBe("Startup");
    expect(value(convertValue("Startup", { ...SF.PX_Segment__c, type: "combobox" }))).toBe("Startup");
  });

  it("checks every value of a multi-select picklist", () => {
    expect(value(convertValue("beta; Champion;;beta", SF.PX_Tags__c))).toBe("Beta;Champion");
    expect(value(convertValue(["At Risk", "Beta"], SF.PX_Tags__c))).toBe("At Risk;Beta");
    expect(value(convertValue(" ; ", SF.PX_Tags__c))).toBeNull();
    const bad = convertValue("Beta;Gold;Silver", SF.PX_Tags__c);
    expect(bad).toMatchObject({ ok: false, code: "UNKNOWN_PICKLIST_VALUE" });
    if (!bad.ok) expect(bad.message).toContain('"Gold", "Silver"');
  });

  it("generated: a picklist value is written exactly when the describe lists it", () => {
    const rand = mulberry32(41);
    const allowed = SF.PX_Segment__c.picklistValues!;
    const candidates = [...allowed, "Startup", "Enterprise ", "Mid Market", "SMB2", "", "Ent"];
    for (let i = 0; i < 500; i++) {
      const pick = candidates[Math.floor(rand() * candidates.length)]!;
      const c = convertValue(pick, SF.PX_Segment__c);
      if (pick.trim() === "") expect(c).toEqual({ ok: true, value: null });
      else if (allowed.includes(pick.trim())) expect(c).toEqual({ ok: true, value: pick.trim() });
      else expect(codeOf(c)).toBe("UNKNOWN_PICKLIST_VALUE");
    }
  });

  it("checks Salesforce email fields as Salesforce does", () => {
    const email: FieldRef = { system: "salesforce", name: "PX_Champion_Email__c", type: "email", length: 80 };
    expect(value(convertValue(" dana@acme.com ", email))).toBe("dana@acme.com");
    expect(codeOf(convertValue("dana at acme", email))).toBe("INVALID_EMAIL");
  });
});

describe("every refusal says what to do", () => {
  it("names the field and gives a next step", () => {
    const cases: [unknown, FieldRef][] = [
      ["abc", SF.PX_Health_Score__c],
      [NaN, PX.healthScore!],
      ["not a date", SF.PX_Last_Seen__c],
      ["maybe", SF.PX_Is_Strategic__c],
      ["x".repeat(300), SF.PX_Notes__c],
      ["Gold", SF.PX_Segment__c],
      [1.5, SF.NumberOfEmployees],
    ];
    for (const [input, target] of cases) {
      const c = convertValue(input, target);
      expect(c.ok).toBe(false);
      if (c.ok) continue;
      expect(c.message).toContain(target.name);
      expect(c.message).toMatch(/\. [A-Z][^.]*(source|field|Salesforce|Setup|text|calculation)[^]*\.$/);
    }
  });
});
