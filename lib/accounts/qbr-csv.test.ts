import { describe, expect, it } from "vitest";
import { QBR_CSV_HEADER, qbrCsv } from "@/lib/accounts/qbr-csv";
import type { QbrSummary } from "@/lib/accounts/qbr";

const summary: QbrSummary = {
  account: { id: "001000000000001AAA", name: "=HYPERLINK(\"x\")", website: null },
  csm: { userId: "005000000000001AAA", name: "Ana Souza", email: "ana@example.com", known: true },
  period: { from: "2026-09-02", to: "2026-11-30" },
  tool: { label: "Pendo", members: 1 },
  health: { now: { score: 42.5, colour: "yellow", day: "2026-11-30", overridden: true }, points: [{ day: "2026-11-30", score: 38.1, colour: "red", modelVersion: 2 }], markers: [], bands: { red: 40, green: 70 } },
  adoption: { weeks: [{ from: "2026-11-24", to: "2026-11-30", activeUsers: 12, activeDays: 7 }], activeUsers: 20 },
  features: { top: [{ featureId: "f1", name: "Reports, custom", clicks: 120, days: 30, tracked: true }], tracked: 5, used: 1, unusedCount: 4 },
  users: { counts: { active: 12, fading: 3, gone: 5 }, mostActive: [{ userId: "u1", name: "Bo", email: "bo@example.com", activeDays: 50, lastActive: "2026-11-30" }] },
  nps: {
    periods: [{ from: "2026-11-01", to: "2026-11-30", responses: 2, promoters: 0, passives: 0, detractors: 2, score: -100 }],
    total: { responses: 2, promoters: 0, passives: 0, detractors: 2, score: -100 },
    comments: [{ responseId: "r1", userId: "u1", name: null, email: "bo@example.com", day: "2026-11-20", score: 3, comment: "-slow\nreports" }],
  },
};

const rows = (csv: string) => csv.trimEnd().split("\r\n");

describe("the QBR as CSV", () => {
  it("has one header and the same seven columns on every row", () => {
    const csv = qbrCsv(summary);
    const lines = rows(csv);
    expect(lines[0]).toBe(QBR_CSV_HEADER.join(","));
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(lines).toContain("adoption,Weekly active users,2026-11-24,2026-11-30,12,users,7 active days");
    expect(lines).toContain("health,Score now,2026-11-30,2026-11-30,42.5,points,\"yellow, overridden\"");
    expect(lines).toContain("users,Users fading,,2026-11-30,3,users,last active 8 to 30 days ago");
  });

  it("writes numbers as numbers (a negative NPS stays a number) and makes text formulas inert", () => {
    const lines = rows(qbrCsv(summary));
    expect(lines).toContain("nps,NPS,2026-11-01,2026-11-30,-100,points,\"2 responses: 0 promoters, 0 passives, 2 detractors\"");
    expect(lines.find((l) => l.startsWith("account,Salesforce account"))).toBe("account,Salesforce account,,,,,\"'=HYPERLINK(\"\"x\"\") (001000000000001AAA)\"");
    expect(lines.find((l) => l.startsWith("features,"))).toBe("features,\"Reports, custom\",2026-09-02,2026-11-30,120,clicks,#1; used on 30 days");
    // A comment starting with a minus and holding a line break stays one quoted, inert cell.
    expect(qbrCsv(summary)).toContain("nps comment,bo@example.com,2026-11-20,2026-11-20,3,score 0-10,\"'-slow\nreports\"");
  });

  it("says what is missing instead of leaving sections out silently", () => {
    const lines = rows(qbrCsv({ ...summary, tool: null, adoption: null, features: null, users: null, nps: null, csm: null }));
    expect(lines).toContain("account,CSM,,,,,none in Salesforce");
    expect(lines).toContain("account,Period,2026-09-02,2026-11-30,,,no usage tracked");
    expect(lines.some((l) => l.startsWith("adoption,"))).toBe(false);
  });
});
