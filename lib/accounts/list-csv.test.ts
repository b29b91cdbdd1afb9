import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { ACCOUNT_CSV_HEADER, accountCsv } from "@/lib/accounts/list-csv";
import type { AccountRow } from "@/lib/accounts/list-rows";

const row = (over: Partial<AccountRow> = {}): AccountRow => ({
  integrationId: "sf",
  id: "001000000000001AAA",
  name: "Acme, \"the\" Corp",
  website: null,
  state: "ACTIVE",
  health: {
    score: 20,
    colour: "red",
    atRisk: true,
    day: "2026-11-30",
    modelVersion: 3,
    computed: { score: 55.5, colour: "yellow" },
    override: { setBy: "lead@example.com", reason: "sponsor left", setAt: new Date("2026-11-29T00:00:00Z"), expiresAt: new Date("2027-01-01T00:00:00Z"), computed: { score: 55.5, colour: "yellow" } },
    note: "…",
  },
  trend: { days7: -4.5, days30: null },
  arr: 500000,
  renewalDate: "2026-12-31",
  segment: "Enterprise",
  csm: { id: "005000000000001AAA", name: "Ada", email: "ada@example.com" },
  usage: { tool: "Pendo", kpiDay: "2026-11-30", activeUsers30d: 42, lastVisitAt: "2026-11-29" },
  seats: 100,
  links: [
    { system: "PENDO", tool: "Pendo", analyticsId: "p1", name: "Acme", criterion: "salesforceId", removed: false },
    { system: "PENDO", tool: "Pendo", analyticsId: "p2", name: null, criterion: "name", removed: false },
  ],
  linkedUsers: [],
  ...over,
});

describe("the accounts CSV", () => {
  it("has a header and one record per account, quoted where needed, CRLF line ends", () => {
    const text = accountCsv([row()], true);
    expect(text.endsWith("\r\n")).toBe(true);
    const [header, record] = parse(text) as string[][];
    expect(header).toEqual([...ACCOUNT_CSV_HEADER]);
    expect(Object.fromEntries(ACCOUNT_CSV_HEADER.map((h, i) => [h, record![i]]))).toEqual({
      salesforce_id: "001000000000001AAA",
      name: 'Acme, "the" Corp',
      state: "active",
      health_score: "20",
      health_colour: "red",
      score_day: "2026-11-30",
      computed_score: "55.5",
      override: "lead@example.com until 2027-01-01T00:00:00.000Z: sponsor left",
      trend_7d: "-4.5",
      trend_30d: "",
      arr: "500000",
      renewal_date: "2026-12-31",
      segment: "Enterprise",
      csm_id: "005000000000001AAA",
      csm_name: "Ada",
      csm_email: "ada@example.com",
      active_users_30d: "42",
      licensed_seats: "100",
      usage_tool: "Pendo",
      kpi_day: "2026-11-30",
      last_activity: "2026-11-29",
      pendo_accounts: "Acme (p1); p2",
      px_accounts: "",
    });
  });

  it("neutralises text a spreadsheet would run as a formula, never numbers", () => {
    const [record] = parse(accountCsv([row({ name: "=HYPERLINK(\"x\")", segment: "+1", csm: { id: "x", name: "@me", email: "-a" } })], false)) as string[][];
    expect([record![1], record![12], record![14], record![15], record![8]]).toEqual(["'=HYPERLINK(\"x\")", "'+1", "'@me", "'-a", "-4.5"]);
  });

  it("writes an unscored account with empty health cells, and nothing for no rows", () => {
    const [record] = parse(accountCsv([row({ health: null, state: "TO_MERGE" })], false)) as string[][];
    expect(record!.slice(2, 8)).toEqual(["merged in Salesforce", "", "", "", "", ""]);
    expect(accountCsv([], false)).toBe("");
    expect(accountCsv([], true)).toBe(`${ACCOUNT_CSV_HEADER.join(",")}\r\n`);
  });
});
