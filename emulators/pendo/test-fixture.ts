import { addPeriods, startOfPeriod } from "../fixture/runtime/tz";
import type { PendoFixture } from "./fixture";

/** A small hand-made Pendo fixture with known answers (tests only). */
export const NOW = "2026-11-20T00:00:00Z";
const TZ = "America/New_York";
const today = startOfPeriod("daily", Date.parse(NOW), TZ);
/** Local midnight `k` days before today (k = 1 is yesterday). */
export const dayAgo = (k: number) => addPeriods("daily", today, -k, TZ);
const APP = -323232;

const field = (Type: "string" | "float" | "time" | "boolean" | "integer", DisplayName: string) => ({ Type, DisplayName, ElementType: "", ElementFormat: "", Dirty: false, isHidden: false, isDeleted: false, isCalculated: false, isPerApp: false, neverIndex: false });

export function smallPendoFixture(): PendoFixture {
  const ev = (visitorId: string, accountId: string, k: number, numEvents = 10, numMinutes = 3) => ({ visitorId, accountId, appId: APP, day: dayAgo(k), numEvents, numMinutes, server: "app.example.com", remoteIp: "203.0.113.5", userAgent: "UA" });
  const fe = (visitorId: string, accountId: string, featureId: string, k: number, numEvents: number) => ({ ...ev(visitorId, accountId, k, numEvents, 1), featureId });
  const poll = (visitorId: string, accountId: string, k: number, pollId: string, pollResponse: number | string) => ({
    type: "pollResponse",
    visitorId,
    accountId,
    appId: APP,
    guideId: "guide-nps",
    pollId,
    pollType: pollId === "poll-rating" ? "NPSRating" : "NPSReason",
    pollResponse,
    browserTime: dayAgo(k) + 15 * 3_600_000,
  });
  const visitor = (visitorId: string, accountId: string, email: string) => ({ visitorId, metadata: { agent: { email }, auto: { accountid: accountId, accountids: [accountId], lastupdated: dayAgo(50) } } });
  return {
    subscription: { id: 1, name: "Test", timezone: TZ, trackEventSecret: "test-track-secret" },
    apps: [{ id: APP, name: "Test App", platform: "web" }],
    metadataSchema: {
      account: {
        auto: { lastupdated: field("time", "Last Updated") },
        agent: { name: field("string", "Name") },
        custom: { healthscore: field("float", "Health Score"), renewaldate: field("time", "Renewal"), isstrategic: field("boolean", "Strategic"), seats: field("integer", "Seats"), csm: field("string", "CSM") },
      },
      visitor: { agent: { email: field("string", "Email") }, custom: { role: field("string", "Role") } },
    },
    accounts: [
      { accountId: "acme", metadata: { agent: { name: "Acme" }, auto: { lastupdated: dayAgo(60), lastvisit: dayAgo(1) }, custom: { healthscore: 50 } } },
      { accountId: "globex", metadata: { agent: { name: "Globex" }, auto: { lastupdated: dayAgo(60) }, custom: {} } },
      { accountId: "initech", metadata: { agent: { name: "Initech" }, auto: {}, custom: {} } },
    ],
    visitors: [visitor("v1", "acme", "v1@acme.com"), visitor("v2", "acme", "v2@acme.com"), visitor("v3", "acme", "v3@acme.com"), visitor("v4", "globex", "v4@globex.com")],
    features: [
      { id: "f1", appId: APP, name: "Dashboards", kind: "Feature" },
      { id: "f2", appId: APP, name: "Reports", kind: "Feature" },
    ],
    guides: [
      {
        id: "guide-nps",
        appId: APP,
        name: "NPS",
        state: "public",
        steps: [{ id: "step-1", guideId: "guide-nps", pollIds: ["poll-rating", "poll-reason"] }],
        polls: [
          { id: "poll-rating", question: "How likely…", attributes: { type: "NPSRating" } },
          { id: "poll-reason", question: "Why?", attributes: { type: "NPSReason" } },
        ],
      },
    ],
    reports: [
      { id: "rep-1", name: "Active accounts", definition: { pipeline: [{ source: { accounts: null } }, { select: { accountId: "accountId", name: "metadata.agent.name" } }] } },
      { id: "rep-static", name: "Static" },
    ],
    reportResults: { "rep-static": [{ a: 1, b: "x" }] },
    events: [
      ev("v1", "acme", 1),
      ev("v1", "acme", 3),
      ev("v1", "acme", 10),
      ev("v2", "acme", 20, 4, 2),
      ev("v3", "acme", 40),
      ev("v4", "globex", 2, 7, 5),
      ev("_PENDO_T_abc", "acme", 1, 99, 9),
    ],
    featureEvents: [fe("v1", "acme", "f1", 1, 5), fe("v1", "acme", "f2", 3, 2), fe("v2", "acme", "f1", 20, 4), fe("v4", "globex", "f1", 2, 1), fe("v3", "acme", "f1", 45, 50)],
    pollEvents: [
      poll("v1", "acme", 5, "poll-rating", 10),
      poll("v1", "acme", 5, "poll-reason", "Love it"),
      poll("v2", "acme", 15, "poll-rating", 3),
      poll("v4", "globex", 2, "poll-rating", 8),
      poll("v3", "acme", 120, "poll-rating", 9),
    ],
  };
}
