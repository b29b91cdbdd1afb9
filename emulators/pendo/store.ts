import { Keyed } from "../fixture/runtime/keyed";
import { TimeIndex } from "../fixture/runtime/time-index";
import { startOfPeriod } from "../fixture/runtime/tz";
import type {
  PendoAccount,
  PendoEventRow,
  PendoFeature,
  PendoFeatureEventRow,
  PendoFixture,
  PendoGuide,
  PendoGuideEvent,
  PendoMetadataField,
  PendoMetadataSchema,
  PendoPage,
  PendoPageEventRow,
  PendoPollEvent,
  PendoReport,
  PendoTrackEventRow,
  PendoTrackType,
  PendoVisitor,
} from "./fixture";

export const DEFAULT_TZ = "America/New_York";
export const DEFAULT_APP_ID = -323232;
export const DEFAULT_TRACK_SECRET = "demo-pendo-track-secret";

export class PendoStore {
  readonly tz: string;
  readonly trackSecret: string;
  readonly defaultAppId: number;
  readonly accounts: Keyed<PendoAccount>;
  readonly visitors: Keyed<PendoVisitor>;
  readonly metadataSchema: { account: PendoMetadataSchema; visitor: PendoMetadataSchema };
  readonly features: PendoFeature[];
  readonly pages: PendoPage[];
  readonly guides: PendoGuide[];
  readonly trackTypes: PendoTrackType[];
  readonly reports: PendoReport[];
  readonly events: TimeIndex<PendoEventRow>;
  readonly featureEvents: TimeIndex<PendoFeatureEventRow>;
  readonly pageEvents: TimeIndex<PendoPageEventRow>;
  readonly trackEvents: TimeIndex<PendoTrackEventRow>;
  readonly guideEvents: TimeIndex<PendoGuideEvent>;
  readonly pollEvents: TimeIndex<PendoPollEvent>;
  private addedTrackTypes = false;
  private readonly byVisitorCache = new Map<string, Set<string>>();

  constructor(readonly fixture: PendoFixture) {
    this.tz = fixture.subscription?.timezone ?? DEFAULT_TZ;
    this.trackSecret = fixture.subscription?.trackEventSecret ?? DEFAULT_TRACK_SECRET;
    this.defaultAppId = fixture.apps?.[0]?.id ?? DEFAULT_APP_ID;
    this.accounts = new Keyed(fixture.accounts, (a) => a.accountId);
    this.visitors = new Keyed(fixture.visitors, (v) => v.visitorId);
    this.metadataSchema = structuredClone(fixture.metadataSchema);
    this.features = fixture.features;
    this.pages = fixture.pages ?? [];
    this.guides = fixture.guides ?? [];
    this.trackTypes = (fixture.trackTypes ?? []).slice();
    this.reports = fixture.reports ?? [];
    const dayKey = (r: { day: number; hour?: number | undefined }) => r.hour ?? r.day;
    this.events = new TimeIndex(fixture.events, dayKey);
    this.featureEvents = new TimeIndex(fixture.featureEvents, dayKey);
    this.pageEvents = new TimeIndex(fixture.pageEvents ?? [], dayKey);
    this.trackEvents = new TimeIndex(fixture.trackEvents ?? [], dayKey);
    this.guideEvents = new TimeIndex(fixture.guideEvents ?? [], (r) => r.browserTime);
    this.pollEvents = new TimeIndex(fixture.pollEvents, (r) => r.browserTime);
  }

  segmentVisitors(id: string): Set<string> | undefined {
    let s = this.byVisitorCache.get(id);
    if (!s) {
      const seg = this.fixture.segments?.find((x) => x.id === id);
      if (!seg) return undefined;
      s = new Set(seg.visitorIds ?? []);
      this.byVisitorCache.set(id, s);
    }
    return s;
  }

  fieldDef(kind: "account" | "visitor", group: string, field: string): PendoMetadataField | undefined {
    return this.metadataSchema[kind][group]?.[field];
  }

  trackTypeFor(eventName: string, appId: number, now: number): PendoTrackType {
    let tt = this.trackTypes.find((t) => (t.trackTypeName ?? t.name) === eventName && t.appId === appId);
    if (!tt) {
      tt = {
        id: pendoId(`tracktype:${appId}:${eventName}`),
        appId,
        name: eventName,
        kind: "TrackType",
        trackTypeName: eventName,
        createdAt: now,
        lastUpdatedAt: now,
      };
      this.trackTypes.push(tt);
      this.addedTrackTypes = true;
    }
    return tt;
  }

  dayOf(ms: number): number {
    return startOfPeriod("daily", ms, this.tz);
  }

  /** The current state in fixture shape (what GET /__emulator/fixture returns). */
  export(): PendoFixture {
    const f = this.fixture;
    const out: PendoFixture = {
      ...f,
      metadataSchema: structuredClone(this.metadataSchema),
      accounts: this.accounts.values(),
      visitors: this.visitors.values(),
      events: this.events.all(),
      featureEvents: this.featureEvents.all(),
      pollEvents: this.pollEvents.all(),
    };
    if (f.pageEvents || this.pageEvents.hasAppended()) out.pageEvents = this.pageEvents.all();
    if (f.trackEvents || this.trackEvents.hasAppended()) out.trackEvents = this.trackEvents.all();
    if (f.guideEvents || this.guideEvents.hasAppended()) out.guideEvents = this.guideEvents.all();
    if (f.trackTypes || this.addedTrackTypes) out.trackTypes = this.trackTypes.slice();
    return out;
  }
}

/** 27-character URL-safe id like Pendo's, derived deterministically from a seed string. */
export function pendoId(seed: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9;
  let out = "";
  for (let round = 0; out.length < 27; round++) {
    for (let i = 0; i < seed.length; i++) {
      const c = seed.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ (c + round), 0x85ebca6b);
    }
    h1 ^= h2 >>> 13;
    h2 ^= h1 >>> 7;
    let x = (h1 ^ Math.imul(h2, 31)) >>> 0;
    for (let k = 0; k < 5 && out.length < 27; k++) {
      out += alphabet[x & 63];
      x >>>= 6;
    }
  }
  return out;
}
