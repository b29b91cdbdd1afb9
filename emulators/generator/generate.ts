import type { Fixture } from "../fixture/schema";
import type {
  PendoAccount,
  PendoEventRow,
  PendoFeature,
  PendoFeatureEventRow,
  PendoGuide,
  PendoMetadataField,
  PendoPage,
  PendoPollEvent,
  PendoReport,
  PendoVisitor,
} from "../pendo/fixture";
import type { PxAccount, PxAttribute, PxCustomEvent, PxEngagement, PxFeature, PxFeatureMatchEvent, PxLocation, PxSegment, PxSessionEvent, PxSurveyResponse, PxUser } from "../px/fixture";
import { addPeriods, startOfPeriod } from "../fixture/runtime/tz";
import {
  CASE_SUBJECTS,
  COUNTRIES,
  DEFAULT_DAYS,
  DEFAULT_NOW,
  FEATURES,
  INDUSTRIES,
  NPS_REASONS,
  PAGES,
  PLAN_FEATURES,
  PENDO_APP_ID,
  PENDO_TZ,
  PRODUCT_HOST,
  PX_PROPERTY_KEY,
  TASK_SUBJECTS,
  TITLES,
  TLDS,
  USER_AGENTS,
} from "./catalog";
import { city, companyName, firstName, ipv4, lastName, phone, slug, street, usState } from "./names";
import { flat, hash32, Rng } from "./prng";
import { SfRecordBuilder, sfDate, sfDateTime, sfId, stageInfo, type SfPartial } from "./salesforce";
import { sfTo18 } from "./sf-ids";

/**
 * Deterministic demo data for all three emulators. Everything derives from (seed, entity, index)
 * through a seeded PRNG, never Math.random or the wall clock, so the same options always give a
 * byte-identical fixture. See emulators/README.md ("Demo data") for the distributions.
 */

export interface GenerateOptions {
  seed: number;
  /** Salesforce accounts (customers, churned, prospects). Trial-only product accounts come on top. */
  accounts: number;
  /** The generation instant; usage covers the `days` full local days before it. Default 2026-11-20T00:00:00Z. */
  now?: string;
  /** Days of daily usage history. Default 100. */
  days?: number;
  /** Tuning knobs (defaults documented in emulators/README.md). */
  profile?: Partial<DemoProfile>;
}

export interface DemoProfile {
  /** Share of Salesforce accounts whose product usage is tracked in Pendo / in PX. */
  pendoShare: number;
  pxShare: number;
  /** Extra product-only trial accounts (no Salesforce account), as a share of `accounts`. */
  trialShare: number;
  /** Share of PX-tracked accounts with a second PX account carrying the same Salesforce ID. */
  pxDuplicateShare: number;
  /** Share of Pendo-tracked accounts with a second Pendo account carrying the same Salesforce ID. */
  pendoDuplicateShare: number;
  /** Probability that an active user answers the NPS survey during the window. */
  npsResponseRate: number;
  /** Multiplies every account's product-user count (min 1). */
  usersScale: number;
  /**
   * Accounts from this index on form the self-serve long tail: mostly 1-2 users, lighter usage,
   * fewer contacts. Keeps 100k-account fixtures within a few GB while the first 10k look the same
   * at every scale.
   */
  longTailFrom: number;
}

export const DEFAULT_PROFILE: DemoProfile = {
  pendoShare: 0.7,
  pxShare: 0.6,
  trialShare: 0.06,
  pxDuplicateShare: 0.02,
  pendoDuplicateShare: 0.01,
  npsResponseRate: 0.3,
  usersScale: 1,
  longTailFrom: 10_000,
};

type Tier = "Enterprise" | "Mid-Market" | "SMB";
type Lifecycle = "active" | "churnedInWindow" | "churnedPast" | "trialSf" | "prospect";
type Health = "healthy" | "neutral" | "atRisk";
type LinkType = "sf18" | "sf15" | "sfLower" | "domain" | "name" | "none";
type UserStatus = "active" | "fading" | "gone";

const DAY = 86_400_000;

interface Person {
  first: string;
  last: string;
  email: string;
  title: string;
  department: string;
  phone: string;
}

interface ProductUser {
  person: Person;
  internalId: string;
  status: UserStatus;
  /** First and last (exclusive) window day the user can be active in. */
  start: number;
  stop: number;
  intensity: number;
  signUp: number;
  role: "Admin" | "User" | "Viewer";
  ip: string;
  ua: string;
}

interface AccountCtx {
  index: number;
  sfId: string | null;
  name: string;
  domain: string;
  tld: string;
  tier: Tier;
  lifecycle: Lifecycle;
  health: Health;
  arr: number;
  employees: number;
  industry: string;
  location: PxLocation;
  tenant: string;
  churnDay: number | null;
  featureWeights: number[];
  users: ProductUser[];
  csmName: string;
  renewalMs: number | null;
  longTail: boolean;
}

export function generateDemoData(opts: GenerateOptions): Fixture {
  return new DemoGenerator(opts).run();
}

class DemoGenerator {
  private readonly seed: number;
  private readonly n: number;
  private readonly nowIso: string;
  private readonly nowMs: number;
  private readonly days: number;
  private readonly p: DemoProfile;
  private readonly dayStarts: number[];
  private readonly weekend: boolean[];
  private readonly sf = new SfRecordBuilder();
  private readonly sfObjects: Record<string, Record<string, unknown>[]> = {};
  private readonly sfUsers: Array<{ id: string; name: string; role: "AE" | "CSM" | "Support" | "Admin"; active: boolean }> = [];
  private idCounter = 0;
  private caseNumber = 1000;
  private readonly usedDomains = new Map<string, number>();
  private readonly recentContacts: Array<{ email: string; phone: string; accountId: string }> = [];

  // Pendo
  private readonly pendoAccounts: PendoAccount[] = [];
  private readonly pendoVisitors: PendoVisitor[] = [];
  private readonly pendoEvents: PendoEventRow[] = [];
  private readonly pendoFeatureEvents: PendoFeatureEventRow[] = [];
  private readonly pendoPollEvents: PendoPollEvent[] = [];
  private readonly pendoFeatureIds: string[];
  private readonly pendoNpsGuide: PendoGuide;
  // PX
  private readonly pxAccounts: PxAccount[] = [];
  private readonly pxUsers: PxUser[] = [];
  private readonly pxSessions: PxSessionEvent[] = [];
  private readonly pxFeatureMatches: PxFeatureMatchEvent[] = [];
  private readonly pxCustom: PxCustomEvent[] = [];
  private readonly pxSurvey: PxSurveyResponse[] = [];
  private readonly pxFeatureIds: string[];
  private readonly pxNpsEngagementId: string;
  private readonly emptyContext: Record<string, unknown> = {};

  constructor(opts: GenerateOptions) {
    if (!Number.isInteger(opts.accounts) || opts.accounts < 1) throw new Error("accounts must be a positive integer");
    if (!Number.isFinite(opts.seed)) throw new Error("seed must be a number");
    this.seed = opts.seed;
    this.n = opts.accounts;
    const now = opts.now ?? DEFAULT_NOW;
    this.nowMs = Date.parse(now);
    if (Number.isNaN(this.nowMs)) throw new Error(`invalid now "${now}"`);
    // keep a full ISO date-time with offset as given; normalise anything else ("2026-11-20")
    this.nowIso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(now) ? now : new Date(this.nowMs).toISOString();
    this.days = opts.days ?? DEFAULT_DAYS;
    if (!Number.isInteger(this.days) || this.days < 1 || this.days > 730) throw new Error("days must be an integer between 1 and 730");
    this.p = { ...DEFAULT_PROFILE, ...(opts.profile ?? {}) };
    const today = startOfPeriod("daily", this.nowMs, PENDO_TZ);
    this.dayStarts = [];
    for (let i = this.days; i >= 1; i--) this.dayStarts.push(addPeriods("daily", today, -i, PENDO_TZ));
    this.weekend = this.dayStarts.map((d) => {
      const dow = new Date(d + 12 * 3_600_000).getUTCDay();
      return dow === 0 || dow === 6;
    });
    this.pendoFeatureIds = FEATURES.map((f) => pendoId(this.seed, `feature:${f.key}`));
    this.pxFeatureIds = FEATURES.map((f) => Rng.of(this.seed, "pxfeature", f.key).uuid());
    this.pxNpsEngagementId = Rng.of(this.seed, "pxnps").uuid();
    this.pendoNpsGuide = this.buildNpsGuide();
  }

  private nextSfId(prefix: string): string {
    return sfId(prefix, ++this.idCounter + (hash32(this.seed) % 1000) * 1_000_000);
  }

  private pushSf(type: string, partial: SfPartial): void {
    (this.sfObjects[type] ??= []).push(this.sf.complete(type, partial));
  }

  run(): Fixture {
    this.buildSfUsers();
    for (let i = 0; i < this.n; i++) this.buildAccount(i);
    const trials = Math.round(this.n * this.p.trialShare);
    for (let t = 0; t < trials; t++) this.buildTrial(t);
    this.buildAnonymousVisitors();
    const objects: Record<string, Record<string, unknown>[]> = {};
    for (const name of this.sf.objectNames()) objects[name] = this.sfObjects[name] ?? [];
    return {
      now: this.nowIso,
      generator: { seed: this.seed, accounts: this.n, days: this.days },
      salesforce: {
        org: { id: sfTo18(`00D${"Gn"}0000000001`), name: "Clearinghouse Demo Org", isSandbox: false, instanceName: "EMU1", dailyApiRequests: 100_000 },
        objects,
        customFields: this.sf.exportedCustomFields(),
        customObjects: [],
      },
      pendo: this.pendoSection(),
      px: this.pxSection(),
    };
  }

  // ------------------------------------------------------------------ Salesforce users

  private buildSfUsers(): void {
    const count = Math.max(6, Math.min(2000, Math.ceil(this.n / 120)));
    const stamp = sfDateTime(this.nowMs - 900 * DAY);
    const profileId = sfTo18("00eGn0000000001");
    const mk = (i: number, role: "AE" | "CSM" | "Support" | "Admin", first: string, last: string, active: boolean, title: string, managerId: string | null) => {
      const id = this.nextSfId("005");
      const alias = (first.charAt(0) + last).toLowerCase().replace(/[^a-z]/g, "").slice(0, 8) || `u${i}`;
      const email = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "") + `${i}@clearinghouse-demo.com`;
      const r = Rng.of(this.seed, "sfuser-login", i);
      this.pushSf("User", {
        Id: id,
        Username: email,
        LastName: last,
        FirstName: first,
        CompanyName: "Clearinghouse Demo",
        Department: role === "AE" ? "Sales" : role === "Admin" ? "IT" : "Customer Success",
        Title: title,
        Email: email,
        Alias: alias,
        IsActive: active,
        TimeZoneSidKey: "America/New_York",
        LocaleSidKey: "en_US",
        EmailEncodingKey: "UTF-8",
        LanguageLocaleKey: "en_US",
        ProfileId: profileId,
        ManagerId: managerId,
        UserType: "Standard",
        LastLoginDate: active ? sfDateTime(this.nowMs - r.int(1, 20) * DAY - r.int(0, 20_000_000)) : sfDateTime(this.nowMs - r.int(120, 400) * DAY),
        CreatedDate: stamp,
        LastModifiedDate: stamp,
        SystemModstamp: stamp,
        CreatedById: null,
        LastModifiedById: null,
      });
      this.sfUsers.push({ id, name: `${first} ${last}`, role, active });
      return id;
    };
    const admin = mk(0, "Admin", "Integration", "User", true, "Clearinghouse Integration", null);
    // CreatedById of the first user points at itself
    const adminRec = this.sfObjects.User![0]!;
    adminRec.CreatedById = admin;
    adminRec.LastModifiedById = admin;
    const manager = mk(1, "CSM", "Dana", "Whitfield", true, "VP Customer Success", null);
    for (let i = 2; i < count; i++) {
      const r = Rng.of(this.seed, "sfuser", i);
      const role = r.weighted<"AE" | "CSM" | "Support">([["AE", 40], ["CSM", 45], ["Support", 15]]);
      const active = r.chance(0.92);
      const title = role === "AE" ? "Account Executive" : role === "CSM" ? "Customer Success Manager" : "Support Engineer";
      mk(i, role, firstName(r), lastName(r), active, title, role === "CSM" ? manager : null);
    }
    for (const rec of this.sfObjects.User!) {
      rec.CreatedById ??= admin;
      rec.LastModifiedById ??= admin;
    }
  }

  private ownerFor(r: Rng, role: "AE" | "CSM"): string {
    const list = this.sfUsers.filter((u) => u.role === role);
    const pool = list.length ? list : this.sfUsers;
    return r.pick(pool).id;
  }

  private get adminId(): string {
    return this.sfUsers[0]!.id;
  }

  // ------------------------------------------------------------------ accounts

  private buildAccount(i: number): void {
    const r = Rng.of(this.seed, "account", i);
    const name = companyName(r);
    const tld = r.weighted(TLDS);
    let base = slug(name);
    const seen = this.usedDomains.get(`${base}.${tld}`) ?? 0;
    this.usedDomains.set(`${base}.${tld}`, seen + 1);
    if (seen > 0) base = `${base}${seen + 1}`;
    const domain = `${base}.${tld}`;
    const country = COUNTRIES[tld]!;
    const longTail = i >= this.p.longTailFrom;
    const tier = r.weighted<Tier>(longTail ? [["Enterprise", 0.5], ["Mid-Market", 5], ["SMB", 94.5]] : [["Enterprise", 4], ["Mid-Market", 22], ["SMB", 74]]);
    const lifecycle = r.weighted<Lifecycle>([["active", 80], ["churnedInWindow", 6], ["churnedPast", 4], ["trialSf", 4], ["prospect", 6]]);
    const health = lifecycle === "churnedInWindow" ? "atRisk" : r.weighted<Health>([["healthy", 55], ["neutral", 27], ["atRisk", 18]]);
    const industry = r.weighted(INDUSTRIES);
    const arr =
      tier === "Enterprise" ? Math.round(r.float(120_000, 900_000) / 100) * 100 : tier === "Mid-Market" ? Math.round(r.float(25_000, 120_000) / 100) * 100 : Math.round(r.float(3_000, 25_000) / 100) * 100;
    const employees = tier === "Enterprise" ? r.int(1000, 40_000) : tier === "Mid-Market" ? r.int(150, 1500) : r.int(5, 200);
    const st = usState(r);
    const cityName = city(r);
    const location = pxLocation({
      countryName: country.country,
      countryCode: country.code,
      stateName: country.code === "US" ? st.name : "",
      stateCode: country.code === "US" ? st.abbr : "",
      city: cityName,
      continent: country.continent,
      regionName: country.code === "US" ? st.name : "",
      timeZone: country.tz,
      latitude: Math.round(r.float(-60, 60) * 1e4) / 1e4,
      longitude: Math.round(r.float(-150, 150) * 1e4) / 1e4,
    });
    const sfAccountId = this.nextSfId("001");
    const ctx: AccountCtx = {
      index: i,
      sfId: sfAccountId,
      name,
      domain,
      tld,
      tier,
      lifecycle,
      health,
      arr,
      employees,
      industry,
      location,
      tenant: flat(`acct-${base.slice(0, 16)}-${i.toString(36)}`),
      churnDay: null,
      featureWeights: this.adoptedFeatures(r, tier, health),
      users: [],
      csmName: "",
      renewalMs: null,
      longTail,
    };
    if (lifecycle === "churnedInWindow") ctx.churnDay = r.int(Math.floor(this.days * 0.15), this.days - 5);
    const hasProduct = lifecycle === "active" || lifecycle === "churnedInWindow" || lifecycle === "trialSf";
    if (hasProduct) ctx.users = this.buildUsers(r, ctx);
    const inPendo = hasProduct && r.chance(this.p.pendoShare);
    let inPx = hasProduct && r.chance(this.p.pxShare);
    if (hasProduct && !inPendo && !inPx) inPx = true;

    const pendoAccountId = inPendo ? this.emitPendoAccount(r, ctx) : null;
    if (inPx) this.emitPxAccount(r, ctx);
    this.emitSfAccount(r, ctx, country.code, st, cityName, pendoAccountId);
  }

  private adoptedFeatures(r: Rng, tier: Tier, health: Health): number[] {
    const breadth = (tier === "Enterprise" ? 0.9 : tier === "Mid-Market" ? 0.7 : 0.5) * (health === "healthy" ? 1 : health === "neutral" ? 0.8 : 0.55);
    return FEATURES.map((f, k) => (k < 2 || r.chance(breadth) ? f.weight * r.float(0.5, 1.5) : 0));
  }

  private buildUsers(r: Rng, ctx: AccountCtx): ProductUser[] {
    let count =
      ctx.tier === "Enterprise"
        ? r.int(10, 35)
        : ctx.tier === "Mid-Market"
          ? r.int(3, 9)
          : r.weighted<number>(ctx.longTail ? [[1, 80], [2, 17], [3, 3]] : [[1, 50], [2, 30], [3, 14], [4, 6]]);
    if (ctx.lifecycle === "trialSf") count = Math.min(count, r.int(1, 3));
    count = Math.max(1, Math.round(count * this.p.usersScale));
    const users: ProductUser[] = [];
    const statusWeights: Record<Health, ReadonlyArray<readonly [UserStatus, number]>> = {
      healthy: [["active", 75], ["fading", 15], ["gone", 10]],
      neutral: [["active", 55], ["fading", 30], ["gone", 15]],
      atRisk: [["active", 30], ["fading", 40], ["gone", 30]],
    };
    const usedEmails = new Set<string>();
    for (let u = 0; u < count; u++) {
      const first = firstName(r);
      const last = lastName(r);
      let local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
      if (usedEmails.has(local)) local = `${local}${u}`;
      usedEmails.add(local);
      const [title, department] = r.weighted(TITLES.map(([t, d, w]) => [[t, d] as const, w] as const));
      let status = r.weighted(statusWeights[ctx.health]);
      let start = r.chance(0.85) ? 0 : r.int(1, Math.max(1, this.days - 10));
      let stop = this.days;
      if (ctx.lifecycle === "trialSf") {
        status = "active";
        start = r.int(Math.max(0, this.days - 30), this.days - 2);
      }
      if (status === "gone") stop = r.int(-40, Math.floor(this.days * 0.7));
      if (ctx.churnDay !== null) stop = Math.min(stop, Math.max(0, ctx.churnDay - r.int(0, 20)));
      if (stop < start) start = Math.min(start, Math.max(stop, 0));
      const intensity = (status === "active" ? r.float(0.15, 0.6) : r.float(0.15, 0.45)) * (ctx.longTail ? 0.35 : 1);
      const signUpDay = start > 0 ? start : -r.int(10, 900);
      users.push({
        person: {
          first,
          last,
          email: flat(`${local}@${ctx.domain}`),
          title,
          department,
          phone: flat(phone(r, ctx.location.countryCode ?? "US")),
        },
        internalId: flat(`usr-${ctx.index.toString(36)}-${u.toString(36)}`),
        status,
        start,
        stop,
        intensity,
        signUp: this.dayMs(signUpDay) + r.int(8, 17) * 3_600_000 + r.int(0, 3_599_999),
        role: u === 0 ? "Admin" : r.weighted<"Admin" | "User" | "Viewer">([["Admin", 10], ["User", 70], ["Viewer", 20]]),
        ip: flat(ipv4(r)),
        ua: r.pick(USER_AGENTS),
      });
    }
    return users;
  }

  private dayMs(d: number): number {
    if (d >= 0 && d < this.days) return this.dayStarts[d]!;
    return this.dayStarts[0]! + d * DAY;
  }

  /** Active days of one user, deterministic per (vendor, user). */
  private activeDays(r: Rng, u: ProductUser): number[] {
    const out: number[] = [];
    const span = Math.max(1, u.stop - u.start);
    for (let d = Math.max(0, u.start); d < Math.min(this.days, u.stop); d++) {
      let p = u.intensity;
      if (u.status === "fading") p *= Math.max(0.04, 1 - (0.95 * (d - u.start)) / span);
      if (this.weekend[d]) p *= 0.12;
      if (r.chance(p)) out.push(d);
    }
    return out;
  }

  private npsScore(r: Rng, health: Health, status: UserStatus): number {
    const w: Record<Health, [number, number, number]> = { healthy: [55, 30, 15], neutral: [35, 35, 30], atRisk: [15, 30, 55] };
    const [pr, pa, de] = w[health];
    const bucket = r.weighted<"p" | "a" | "d">([["p", status === "fading" ? pr / 2 : pr], ["a", pa], ["d", status === "fading" ? de * 1.5 : de]]);
    if (bucket === "p") return r.chance(0.5) ? 10 : 9;
    if (bucket === "a") return r.chance(0.5) ? 8 : 7;
    return r.weighted<number>([[0, 3], [1, 2], [2, 4], [3, 6], [4, 8], [5, 12], [6, 14]]);
  }

  private npsReason(r: Rng, score: number): string {
    return r.pick(score >= 9 ? NPS_REASONS.promoter : score >= 7 ? NPS_REASONS.passive : NPS_REASONS.detractor);
  }

  private linkType(r: Rng): LinkType {
    return r.weighted<LinkType>([["sf18", 40], ["sf15", 15], ["sfLower", 7], ["domain", 20], ["name", 13], ["none", 5]]);
  }

  private sfIdForm(r: Rng, id18: string, link: LinkType): string {
    if (link === "sf18") return id18;
    if (link === "sf15") return id18.slice(0, 15);
    return (r.chance(0.5) ? id18 : id18.slice(0, 15)).toLowerCase();
  }

  private domainVariant(r: Rng, domain: string): string {
    return r.weighted<string>([
      [domain, 40],
      [`www.${domain}`, 20],
      [`https://${domain}`, 12],
      [`https://www.${domain}/`, 10],
      [domain.toUpperCase(), 5],
      [`${domain.split(".")[0]}.com`, 8],
      [`app.${domain}`, 5],
    ]);
  }

  private nameVariant(r: Rng, name: string): string {
    return r.weighted<string>([
      [name, 45],
      [name.replace(/\s+(Inc\.?|LLC|Group|Ltd|Corp)$/i, ""), 20],
      [name.toUpperCase(), 8],
      [`${name.replace(/\.$/, "")}, Inc.`, 10],
      [`${name} `, 5],
      [name.replace(/&/g, "and"), 12],
    ]);
  }

  // ------------------------------------------------------------------ Pendo

  private emitPendoAccount(r: Rng, ctx: AccountCtx, opts: { tenantSuffix?: string; users?: ProductUser[]; forceLink?: LinkType } = {}): string {
    const link = opts.forceLink ?? (ctx.sfId ? this.linkType(r) : "name");
    const custom: Record<string, unknown> = { plan: ctx.tier === "SMB" ? "starter" : ctx.tier === "Mid-Market" ? "growth" : "enterprise" };
    const agent: Record<string, unknown> = {};
    let accountId = ctx.tenant + (opts.tenantSuffix ?? "");
    if (ctx.sfId && (link === "sf18" || link === "sf15" || link === "sfLower")) {
      const form = this.sfIdForm(r, ctx.sfId, link);
      if (link !== "sfLower" && r.chance(0.5) && !opts.tenantSuffix) accountId = form;
      else custom.sfdcaccountid = form;
      agent.name = this.nameVariant(r, ctx.name);
      if (r.chance(0.4)) custom.domain = this.domainVariant(r, ctx.domain);
    } else if (link === "domain") {
      custom.domain = this.domainVariant(r, ctx.domain);
      if (r.chance(0.5)) agent.name = this.nameVariant(r, ctx.name);
    } else if (link === "name") {
      agent.name = this.nameVariant(r, ctx.name);
    } else {
      agent.name = `Workspace ${ctx.index.toString(36).toUpperCase()}`;
    }
    if (opts.tenantSuffix) agent.name = `${ctx.name} (Sandbox)`;
    const users = opts.users ?? ctx.users;
    let first = Infinity;
    let last = 0;
    const vr = Rng.of(this.seed, "pendo-usage", ctx.index, opts.tenantSuffix ?? "");
    for (const u of users) {
      const { firstvisit, lastvisit } = this.emitPendoVisitor(vr, ctx, u, accountId);
      first = Math.min(first, firstvisit);
      last = Math.max(last, lastvisit);
    }
    const created = Number.isFinite(first) ? first : this.nowMs - 200 * DAY;
    this.pendoAccounts.push({
      accountId,
      metadata: {
        agent,
        auto: { firstvisit: created, id: accountId, lastupdated: Math.max(last, created), lastvisit: last || created },
        custom,
      },
    });
    if (!opts.tenantSuffix && ctx.sfId && link !== "none" && link !== "name" && r.chance(this.p.pendoDuplicateShare)) {
      this.emitPendoAccount(r, ctx, { tenantSuffix: "-sbx", users: ctx.users.slice(0, 1).map((u) => ({ ...u, internalId: `${u.internalId}-sbx`, intensity: u.intensity * 0.3 })), forceLink: link });
    }
    return accountId;
  }

  private emitPendoVisitor(r: Rng, ctx: AccountCtx, u: ProductUser, accountId: string): { firstvisit: number; lastvisit: number } {
    const emailAsId = r.chance(0.3);
    const visitorId = emailAsId && !/-(sbx|eu)$/.test(u.internalId) ? u.person.email : u.internalId;
    const days = this.activeDays(r, u);
    const weights = ctx.featureWeights;
    for (const d of days) {
      const day = this.dayStarts[d]!;
      const numEvents = 4 + r.geometric(10 + 50 * u.intensity);
      const numMinutes = Math.min(numEvents, 1 + r.geometric(4 + 30 * u.intensity));
      this.pendoEvents.push({ accountId, appId: PENDO_APP_ID, day, numEvents, numMinutes, remoteIp: u.ip, server: PRODUCT_HOST, userAgent: u.ua, visitorId });
      const k = 1 + (r.chance(0.3) ? 1 : 0) + (r.chance(0.08) ? 1 : 0);
      for (const f of r.sampleWeighted(weights, k)) {
        this.pendoFeatureEvents.push({
          accountId,
          appId: PENDO_APP_ID,
          day,
          featureId: this.pendoFeatureIds[f]!,
          numEvents: 1 + r.geometric(Math.max(1, numEvents / (k * 2))),
          numMinutes: Math.min(numMinutes, 1 + r.geometric(Math.max(1, numMinutes / (k * 1.5)))),
          remoteIp: u.ip,
          server: PRODUCT_HOST,
          visitorId,
        });
      }
    }
    const lastDay = days.length ? days[days.length - 1]! : Math.min(u.stop, 0) - r.int(1, 30);
    const lastvisit = this.dayMs(lastDay) + r.int(9, 18) * 3_600_000 + r.int(0, 3_599_999);
    const firstvisit = Math.min(u.signUp, lastvisit);
    // NPS: at most one rating (+ optional reason) per visitor in the window
    const eligible = days.filter((d) => d >= 5);
    if (eligible.length && r.chance(this.p.npsResponseRate)) {
      const d = r.pick(eligible);
      const t = this.dayStarts[d]! + r.int(9, 17) * 3_600_000 + r.int(0, 3_599_999);
      const score = this.npsScore(r, ctx.health, u.status);
      const guide = this.pendoNpsGuide;
      const [rating, reason] = guide.polls!;
      this.pendoPollEvents.push({ accountId, appId: PENDO_APP_ID, browserTime: t, guideId: guide.id, pollId: rating!.id, pollResponse: score, pollType: "NPSRating", type: "pollResponse", visitorId });
      if (r.chance(0.5)) {
        this.pendoPollEvents.push({ accountId, appId: PENDO_APP_ID, browserTime: t + r.int(5_000, 90_000), guideId: guide.id, pollId: reason!.id, pollResponse: this.npsReason(r, score), pollType: "NPSReason", type: "pollResponse", visitorId });
      }
    }
    this.pendoVisitors.push({
      metadata: {
        agent: { email: u.person.email, firstname: u.person.first, lastname: u.person.last, role: u.role },
        auto: { accountid: accountId, accountids: [accountId], firstvisit, id: visitorId, lastupdated: lastvisit, lastvisit },
        custom: { title: u.person.title },
      },
      visitorId,
    });
    return { firstvisit, lastvisit };
  }

  private buildNpsGuide(): PendoGuide {
    const id = pendoId(this.seed, "guide:nps");
    const created = this.nowMs - 400 * DAY;
    return {
      id,
      appId: PENDO_APP_ID,
      name: "Quarterly NPS",
      kind: "Guide",
      state: "public",
      launchMethod: "auto",
      isMultiStep: false,
      createdAt: created,
      lastUpdatedAt: created,
      createdByUser: { id: "5629499534213120", username: "cs-ops@clearinghouse-demo.com" },
      lastUpdatedByUser: { id: "5629499534213120", username: "cs-ops@clearinghouse-demo.com" },
      steps: [{ id: pendoId(this.seed, "guide:nps:step1"), guideId: id, type: "poll", rank: 5000000, pollIds: [pendoId(this.seed, "poll:nps:rating"), pendoId(this.seed, "poll:nps:reason")] }],
      polls: [
        { id: pendoId(this.seed, "poll:nps:rating"), question: "How likely are you to recommend us to a friend or colleague?", numericResponses: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], attributes: { type: "NPSRating" } },
        { id: pendoId(this.seed, "poll:nps:reason"), question: "What is the main reason for your score?", attributes: { type: "NPSReason" } },
      ],
      attributes: { type: "building-block", device: { type: "desktop" } },
      publishedAt: created,
    };
  }

  private pendoSection(): Fixture["pendo"] {
    const created = this.nowMs - 500 * DAY;
    const user = { id: "5629499534213120", username: "cs-ops@clearinghouse-demo.com", first: "CS", last: "Ops", role: 8 };
    const pages: PendoPage[] = PAGES.map((pg) => ({
      id: pendoId(this.seed, `page:${pg.key}`),
      appId: PENDO_APP_ID,
      name: pg.name,
      kind: "Page",
      color: "gray",
      createdAt: created,
      lastUpdatedAt: created,
      createdByUser: user,
      lastUpdatedByUser: user,
      rules: [{ rule: `//*/${pg.path.replace(/^\//, "")}`, designerHint: `https://${PRODUCT_HOST}${pg.path}` }],
      isAutoTagged: false,
    }));
    const features: PendoFeature[] = FEATURES.map((f, k) => ({
      id: this.pendoFeatureIds[k]!,
      appId: PENDO_APP_ID,
      name: f.name,
      kind: "Feature",
      color: "blue",
      pageId: pendoId(this.seed, `page:${f.page}`),
      createdAt: created,
      lastUpdatedAt: created,
      createdByUser: user,
      lastUpdatedByUser: user,
      appWide: false,
      elementPathRules: [`[data-feature="${f.key}"]`],
    }));
    const onboarding: PendoGuide = {
      id: pendoId(this.seed, "guide:onboarding"),
      appId: PENDO_APP_ID,
      name: "Welcome tour",
      kind: "Guide",
      state: "public",
      launchMethod: "auto",
      isMultiStep: true,
      createdAt: created,
      lastUpdatedAt: created,
      createdByUser: user,
      lastUpdatedByUser: user,
      steps: [1, 2, 3].map((s) => ({ id: pendoId(this.seed, `guide:onboarding:step${s}`), guideId: pendoId(this.seed, "guide:onboarding"), type: "lightbox", rank: s * 1000, pollIds: [] })),
      polls: [],
    };
    const reports: PendoReport[] = [
      {
        id: pendoId(this.seed, "report:account-activity"),
        name: "Account activity (30 days)",
        kind: "Report",
        type: "Visitor",
        level: "account",
        shared: true,
        createdAt: created,
        lastUpdatedAt: created,
        definition: {
          pipeline: [
            { source: { events: null, timeSeries: { period: "dayRange", first: "now() - 30 * 24 * 60 * 60 * 1000", count: 30 } } },
            { identified: "visitorId" },
            { group: { group: ["accountId"], fields: { activeVisitors: { count: "visitorId" }, numMinutes: { sum: "numMinutes" }, numEvents: { sum: "numEvents" }, lastActiveDay: { max: "day" } } } },
            { sort: ["-activeVisitors", "accountId"] },
          ],
        },
      },
      {
        id: pendoId(this.seed, "report:nps-responses"),
        name: "NPS responses (90 days)",
        kind: "Report",
        type: "Visitor",
        level: "visitor",
        shared: true,
        createdAt: created,
        lastUpdatedAt: created,
        definition: {
          pipeline: [
            { source: { pollEvents: { guideId: this.pendoNpsGuide.id, pollId: this.pendoNpsGuide.polls![0]!.id }, timeSeries: { period: "dayRange", first: "now() - 90 * 24 * 60 * 60 * 1000", count: 90 } } },
            { select: { visitorId: "visitorId", accountId: "accountId", browserTime: "browserTime", score: "pollResponse" } },
            { sort: ["-browserTime", "visitorId"] },
          ],
        },
      },
    ];
    const f = (Type: PendoMetadataField["Type"], DisplayName: string, Dirty = false): PendoMetadataField => ({
      Type,
      DisplayName,
      ElementType: "",
      ElementFormat: "",
      Dirty,
      isHidden: false,
      isDeleted: false,
      isCalculated: false,
      isPerApp: false,
      neverIndex: false,
    });
    return {
      subscription: { id: 4802463602049999, name: "Clearinghouse Demo", timezone: PENDO_TZ, trackEventSecret: "demo-pendo-track-secret" },
      apps: [{ id: PENDO_APP_ID, name: "Clearinghouse Demo App", platform: "web" }],
      metadataSchema: {
        account: {
          auto: { id: f("string", "Account ID"), firstvisit: f("time", "First Visit"), lastvisit: f("time", "Last Visit"), lastupdated: f("time", "Last Updated") },
          agent: { name: f("string", "Name") },
          custom: {
            sfdcaccountid: f("string", "Salesforce Account ID"),
            domain: f("string", "Domain"),
            plan: f("string", "Plan"),
            sfdc_arr: f("float", "ARR (Salesforce)", true),
            sfdc_tier: f("string", "ARR Tier (Salesforce)", true),
            sfdc_renewal_date: f("time", "Renewal Date (Salesforce)", true),
            sfdc_csm: f("string", "CSM (Salesforce)", true),
            sfdc_public_sector: f("boolean", "Public Sector (Salesforce)", true),
            healthscore: f("float", "Health Score", true),
            nps_90d: f("float", "NPS 90d", true),
          },
        },
        visitor: {
          auto: { id: f("string", "Visitor ID"), accountid: f("string", "Account ID"), accountids: f("list", "Account IDs"), firstvisit: f("time", "First Visit"), lastvisit: f("time", "Last Visit"), lastupdated: f("time", "Last Updated") },
          agent: { email: f("string", "Email"), firstname: f("string", "First Name"), lastname: f("string", "Last Name"), role: f("string", "Role") },
          custom: { title: f("string", "Title"), sfdc_contact_id: f("string", "Salesforce Contact ID", true), sfdc_is_primary: f("boolean", "Primary Contact (Salesforce)", true) },
        },
      },
      accounts: this.pendoAccounts,
      visitors: this.pendoVisitors,
      features,
      pages,
      guides: [this.pendoNpsGuide, onboarding],
      trackTypes: [],
      reports,
      events: this.pendoEvents,
      featureEvents: this.pendoFeatureEvents,
      pollEvents: this.pendoPollEvents,
    };
  }

  private buildAnonymousVisitors(): void {
    const count = Math.ceil(this.n / 25);
    for (let a = 0; a < count; a++) {
      const r = Rng.of(this.seed, "anon", a);
      const visitorId = `_PENDO_T_${r.hex(11)}`;
      const ip = ipv4(r);
      const ua = r.pick(USER_AGENTS);
      const visits = r.int(1, 3);
      for (let v = 0; v < visits; v++) {
        const d = r.int(0, this.days - 1);
        this.pendoEvents.push({ accountId: "", appId: PENDO_APP_ID, day: this.dayStarts[d]!, numEvents: r.int(1, 12), numMinutes: r.int(1, 4), remoteIp: ip, server: PRODUCT_HOST, userAgent: ua, visitorId });
      }
    }
  }

  // ------------------------------------------------------------------ PX

  private emitPxAccount(r: Rng, ctx: AccountCtx, opts: { idSuffix?: string; users?: ProductUser[]; link?: LinkType } = {}): void {
    const link = opts.link ?? (ctx.sfId ? this.linkType(r) : "name");
    const id = ctx.tenant + (opts.idSuffix ?? "");
    let sfdcId = "";
    let website = "";
    let name = ctx.name;
    if (ctx.sfId && (link === "sf18" || link === "sf15" || link === "sfLower")) {
      sfdcId = this.sfIdForm(r, ctx.sfId, link);
      if (r.chance(0.5)) website = this.domainVariant(r, ctx.domain);
    } else if (link === "domain") {
      website = this.domainVariant(r, ctx.domain);
      if (r.chance(0.4)) name = this.nameVariant(r, ctx.name);
    } else if (link === "name") {
      name = this.nameVariant(r, ctx.name);
    } else {
      name = `Workspace ${ctx.index.toString(36).toUpperCase()}`;
    }
    if (opts.idSuffix) name = `${ctx.name} (EU)`;
    const users = opts.users ?? ctx.users;
    const ur = Rng.of(this.seed, "px-usage", ctx.index, opts.idSuffix ?? "");
    let lastSeen = 0;
    let created = Infinity;
    for (const u of users) {
      const { lastSeenDate, signUpDate } = this.emitPxUser(ur, ctx, u, id);
      lastSeen = Math.max(lastSeen, lastSeenDate);
      created = Math.min(created, signUpDate);
    }
    const createDate = Number.isFinite(created) ? created : this.nowMs - 300 * DAY;
    this.pxAccounts.push({
      id,
      name,
      trackedSubscriptionId: "",
      sfdcId,
      lastSeenDate: lastSeen,
      dunsNumber: "",
      industry: ctx.industry,
      numberOfEmployees: ctx.employees,
      sicCode: "",
      website,
      naicsCode: "",
      plan: ctx.tier === "SMB" ? "starter" : ctx.tier === "Mid-Market" ? "growth" : "enterprise",
      location: ctx.location,
      numberOfUsers: users.length,
      propertyKeys: [PX_PROPERTY_KEY],
      createDate,
      lastModifiedDate: Math.max(createDate, lastSeen),
      customAttributes: null,
      parentGroupId: "",
    });
    if (!opts.idSuffix && sfdcId && r.chance(this.p.pxDuplicateShare)) {
      // a second workspace carrying the same Salesforce ID (the PX docs warn against this)
      this.emitPxAccount(r, ctx, {
        idSuffix: "-eu",
        link,
        users: ctx.users.slice(0, Math.min(2, ctx.users.length)).map((u) => ({ ...u, internalId: `${u.internalId}-eu`, intensity: u.intensity * 0.5 })),
      });
    }
  }

  private emitPxUser(r: Rng, ctx: AccountCtx, u: ProductUser, accountId: string): { lastSeenDate: number; signUpDate: number } {
    const identifyId = u.internalId;
    const days = this.activeDays(r, u);
    let sessions = 0;
    for (const d of days) {
      const dayStart = this.dayStarts[d]!;
      const nSessions = r.chance(0.2 * u.intensity) ? 2 : 1;
      for (let s = 0; s < nSessions; s++) {
        const t = dayStart + r.int(8, 18) * 3_600_000 + r.int(0, 3_599_999);
        const sessionId = flat(`${PX_PROPERTY_KEY}-${t}-${r.int(10_000_000, 99_999_999)}`);
        sessions++;
        this.pxSessions.push({
          accountId,
          date: t,
          eventId: r.uuid(),
          eventType: "SESSION_INITIALIZED",
          globalContext: this.emptyContext,
          identifyId,
          propertyKey: PX_PROPERTY_KEY,
          remoteHost: u.ip,
          sessionId,
          userType: "USER",
        });
        if (s > 0) continue;
        const k = 1 + (r.chance(0.3) ? 1 : 0) + (r.chance(0.08) ? 1 : 0);
        for (const f of r.sampleWeighted(ctx.featureWeights, k)) {
          this.pxFeatureMatches.push({
            accountId,
            date: t + r.int(10_000, 1_800_000),
            eventId: r.uuid(),
            eventType: "FEATURE_MATCH",
            featureId: this.pxFeatureIds[f]!,
            globalContext: this.emptyContext,
            identifyId,
            propertyKey: PX_PROPERTY_KEY,
            sessionId,
            userType: "USER",
          });
        }
        if (r.chance(0.08)) {
          const eventName = r.pick(["Report Exported", "Invite Sent", "Workflow Published", "Alert Created"]);
          this.pxCustom.push({
            accountId,
            attributes: eventName === "Report Exported" ? { format: r.pick(["pdf", "csv", "xlsx"]) } : {},
            date: t + r.int(60_000, 3_000_000),
            eventId: r.uuid(),
            eventName,
            eventType: "CUSTOM",
            globalContext: this.emptyContext,
            identifyId,
            propertyKey: PX_PROPERTY_KEY,
            referrer: "",
            remoteHost: u.ip,
            sessionId,
            url: `https://${PRODUCT_HOST}/reports`,
            userType: "USER",
          });
        }
      }
    }
    const lastDay = days.length ? days[days.length - 1]! : Math.min(u.stop, 0) - r.int(1, 30);
    const lastSeenDate = this.dayMs(lastDay) + r.int(9, 18) * 3_600_000 + r.int(0, 3_599_999);
    const signUpDate = Math.min(u.signUp, lastSeenDate);
    const eligible = days.filter((d) => d >= 5);
    let npsScore: number | null = null;
    if (eligible.length && r.chance(this.p.npsResponseRate)) {
      const d = r.pick(eligible);
      const t = this.dayStarts[d]! + r.int(9, 17) * 3_600_000 + r.int(0, 3_599_999);
      const score = this.npsScore(r, ctx.health, u.status);
      npsScore = score;
      const executionId = r.uuid();
      this.pxSurvey.push({
        accountId,
        comment: r.chance(0.5) ? this.npsReason(r, score) : null,
        contactMeAllowed: r.chance(0.3),
        contentType: "IN_APP_NPS",
        date: t,
        engagementId: this.pxNpsEngagementId,
        engagementTrackType: "SURVEY_RESPONSE",
        eventId: r.uuid(),
        eventType: "SURVEY_RESPONSE",
        executionDate: t - r.int(1_000, 60_000),
        executionId,
        globalContext: this.emptyContext,
        identifyId,
        propertyKey: PX_PROPERTY_KEY,
        questionType: "NPS",
        score,
        sessionId: flat(`${PX_PROPERTY_KEY}-${t}-${r.int(10_000_000, 99_999_999)}`),
        surveyState: "COMPLETED",
        userType: "USER",
      });
    }
    this.pxUsers.push({
      aptrinsicId: r.uuid(),
      identifyId,
      id: identifyId,
      type: "USER",
      gender: "EMPTY_GENDER",
      email: u.person.email,
      firstName: u.person.first,
      lastName: u.person.last,
      lastSeenDate,
      signUpDate,
      firstVisitDate: signUpDate,
      title: u.person.title,
      phone: r.chance(0.3) ? u.person.phone : "",
      score: Math.round(u.intensity * 100),
      role: u.role,
      subscriptionId: "",
      accountId,
      numberOfVisits: sessions + r.int(0, 200),
      location: ctx.location,
      propertyKeys: [PX_PROPERTY_KEY],
      createDate: signUpDate,
      lastModifiedDate: lastSeenDate,
      customAttributes: npsScore === null ? null : { lastNpsScore: npsScore },
      globalUnsubscribe: false,
      sfdcContactId: "",
      lastVisitedUserAgentData: null,
      lastInferredLocation: ctx.location,
    });
    return { lastSeenDate, signUpDate };
  }

  private pxSection(): Fixture["px"] {
    const created = this.nowMs - 500 * DAY;
    const features: PxFeature[] = FEATURES.map((f, k) => ({
      id: this.pxFeatureIds[k]!,
      name: f.name,
      type: "FEATURE",
      parentFeatureId: null,
      propertyKey: PX_PROPERTY_KEY,
      status: "ACTIVATED",
      featureLabels: {},
    }));
    const engagements: PxEngagement[] = [
      { id: this.pxNpsEngagementId, name: "Quarterly NPS", description: "In-app NPS survey", state: "RUNNING", type: "SURVEY", envs: ["PRODUCTION"], propertyKeys: [PX_PROPERTY_KEY] },
      { id: Rng.of(this.seed, "pxeng", "welcome").uuid(), name: "Welcome tour", description: "", state: "RUNNING", type: "GUIDE", envs: ["PRODUCTION"], propertyKeys: [PX_PROPERTY_KEY] },
      { id: Rng.of(this.seed, "pxeng", "release").uuid(), name: "Release announcement", description: "", state: "COMPLETED", type: "DIALOG", envs: ["PRODUCTION"], propertyKeys: [PX_PROPERTY_KEY] },
    ];
    const segments: PxSegment[] = [
      { id: Rng.of(this.seed, "pxseg", "admins").uuid(), name: "Admins" },
      { id: Rng.of(this.seed, "pxseg", "power").uuid(), name: "Power users" },
    ];
    const attr = (name: string, apiName: string, type: PxAttribute["type"], origin: "DEFAULT" | "CUSTOM"): PxAttribute => ({
      id: Rng.of(this.seed, "pxattr", apiName).uuid(),
      name,
      apiName,
      internalName: apiName,
      type,
      origin,
      state: "ACTIVE",
      description: "",
      defaultValue: null,
      createdDate: created,
      modifiedDate: created,
    });
    return {
      products: [{ propertyKey: PX_PROPERTY_KEY, name: "Clearinghouse Demo App" }],
      accounts: this.pxAccounts,
      users: this.pxUsers,
      attributes: {
        account: [
          attr("Name", "name", "STRING", "DEFAULT"),
          attr("SFDC ID", "sfdcId", "STRING", "DEFAULT"),
          attr("Website", "website", "STRING", "DEFAULT"),
          attr("Industry", "industry", "STRING", "DEFAULT"),
          attr("Number of Employees", "numberOfEmployees", "NUMBER", "DEFAULT"),
          attr("Plan", "plan", "STRING", "DEFAULT"),
          attr("ARR", "arr", "NUMBER", "CUSTOM"),
          attr("ARR Tier", "arrTier", "STRING", "CUSTOM"),
          attr("Renewal Date", "renewalDate", "DATE_TIME", "CUSTOM"),
          attr("CSM Name", "csmName", "STRING", "CUSTOM"),
          attr("Public Sector", "isPublicSector", "BOOLEAN", "CUSTOM"),
          attr("Health Score", "healthScore", "NUMBER", "CUSTOM"),
        ],
        user: [
          attr("Email", "email", "STRING", "DEFAULT"),
          attr("First Name", "firstName", "STRING", "DEFAULT"),
          attr("Last Name", "lastName", "STRING", "DEFAULT"),
          attr("Title", "title", "STRING", "DEFAULT"),
          attr("Role", "role", "STRING", "DEFAULT"),
          attr("Last NPS Score", "lastNpsScore", "NUMBER", "CUSTOM"),
          attr("SFDC Contact Owner", "sfdcContactOwner", "STRING", "CUSTOM"),
          attr("Primary Contact", "isPrimaryContact", "BOOLEAN", "CUSTOM"),
        ],
      },
      features,
      segments,
      engagements,
      events: { session: this.pxSessions, feature_match: this.pxFeatureMatches, custom: this.pxCustom, survey_response: this.pxSurvey },
    };
  }

  // ------------------------------------------------------------------ trials (no Salesforce account)

  private buildTrial(t: number): void {
    const r = Rng.of(this.seed, "trial", t);
    const name = companyName(r);
    const tld = r.weighted(TLDS);
    const base = `${slug(name)}-t${t.toString(36)}`;
    const country = COUNTRIES[tld]!;
    const ctx: AccountCtx = {
      index: this.n + t,
      sfId: null,
      name,
      domain: `${base}.${tld}`,
      tld,
      tier: "SMB",
      lifecycle: "trialSf",
      health: r.weighted<Health>([["healthy", 50], ["neutral", 35], ["atRisk", 15]]),
      arr: 0,
      employees: r.int(3, 80),
      industry: r.weighted(INDUSTRIES),
      location: pxLocation({ countryName: country.country, countryCode: country.code, city: city(r), continent: country.continent, timeZone: country.tz }),
      tenant: flat(`trial-${base.slice(0, 16)}`),
      churnDay: null,
      featureWeights: this.adoptedFeatures(r, "SMB", "neutral"),
      users: [],
      csmName: "",
      renewalMs: null,
      longTail: true,
    };
    ctx.users = this.buildUsers(r, ctx);
    if (r.chance(0.5)) this.emitPendoAccount(r, ctx, { forceLink: r.chance(0.5) ? "domain" : "name" });
    else this.emitPxAccount(r, ctx, { link: r.chance(0.5) ? "domain" : "name" });
  }

  // ------------------------------------------------------------------ Salesforce account and children

  private emitSfAccount(r: Rng, ctx: AccountCtx, countryCode: string, st: { name: string; abbr: string }, cityName: string, pendoAccountId: string | null): void {
    const id = ctx.sfId!;
    const owner = this.ownerFor(r, "AE");
    const csm = ctx.lifecycle === "prospect" ? null : this.ownerFor(r, "CSM");
    const publicSector = ctx.industry === "Government" || (ctx.industry === "Education" && r.chance(0.5)) || (ctx.industry === "Healthcare" && r.chance(0.1));
    const contractStartMs = ctx.lifecycle === "trialSf" ? this.nowMs - r.int(5, 40) * DAY : this.nowMs - r.int(60, 1600) * DAY;
    const createdMs = contractStartMs - r.int(10, 120) * DAY;
    const contractStart = sfDate(contractStartMs);
    let status: string;
    let renewal: string | null = null;
    let churnDate: string | null = null;
    let churnReason: string | null = null;
    let type = "Customer - Direct";
    if (r.chance(0.1)) type = "Customer - Channel";
    const anniversaries: number[] = [];
    for (let y = 1; y <= 30; y++) {
      const a = addYears(contractStartMs, y);
      if (a > this.nowMs + 400 * DAY) break;
      anniversaries.push(a);
    }
    switch (ctx.lifecycle) {
      case "active": {
        status = "Active";
        const next = anniversaries.find((a) => a > this.nowMs) ?? addYears(contractStartMs, 1);
        renewal = sfDate(next);
        ctx.renewalMs = next;
        break;
      }
      case "churnedInWindow": {
        status = "Churned";
        const ms = this.dayStarts[ctx.churnDay!]! + 12 * 3_600_000;
        churnDate = sfDate(ms);
        renewal = churnDate;
        churnReason = r.pick(["Budget", "Product Fit", "Competitor", "Acquired", "Champion Left", "Other"]);
        break;
      }
      case "churnedPast": {
        status = "Churned";
        const ms = this.nowMs - r.int(this.days + 30, 540) * DAY;
        churnDate = sfDate(ms);
        renewal = churnDate;
        churnReason = r.pick(["Budget", "Product Fit", "Competitor", "Acquired", "Champion Left", "Other"]);
        break;
      }
      case "trialSf":
        status = "Trial";
        type = "Prospect";
        break;
      default:
        status = "Prospect";
        type = "Prospect";
    }
    const websiteForm = r.weighted<string | null>([
      [`https://www.${ctx.domain}`, 22],
      [`https://www.${capitalizeDomain(ctx.domain)}/`, 10],
      [ctx.domain, 18],
      [`www.${ctx.domain}`, 14],
      [`http://${ctx.domain}`, 10],
      [`http://${ctx.domain}:8080/path`, 4],
      [`https://${ctx.domain}/en-us/`, 6],
      [` ${ctx.domain.toUpperCase()} `, 3],
      [null, 13],
    ]);
    const modifiedMs = Math.min(this.nowMs - DAY, Math.max(createdMs + DAY, this.nowMs - r.int(1, 90) * DAY));
    const isMergedDup = r.chance(0.005) && ctx.lifecycle !== "prospect";
    const pendoLink = pendoAccountId && r.chance(0.25) ? (r.chance(0.05) ? `${pendoAccountId}-old` : pendoAccountId) : null;
    this.pushSf("Account", {
      Id: id,
      IsDeleted: false,
      MasterRecordId: null,
      Name: ctx.name,
      Type: type,
      ParentId: null,
      BillingStreet: r.chance(0.85) ? street(r) : null,
      BillingCity: cityName,
      BillingState: countryCode === "US" ? st.abbr : null,
      BillingPostalCode: countryCode === "US" ? String(r.int(10000, 99999)) : null,
      BillingCountry: countryCode === "US" ? (r.chance(0.7) ? "United States" : r.chance(0.5) ? "USA" : "US") : ctx.location.countryName!,
      Phone: phone(r, countryCode),
      AccountNumber: `CH-${String(ctx.index + 1).padStart(7, "0")}`,
      Website: websiteForm,
      Industry: ctx.industry,
      AnnualRevenue: Math.round(ctx.employees * r.float(80_000, 250_000) / 1000) * 1000,
      NumberOfEmployees: ctx.employees,
      Ownership: r.pick(["Public", "Private", "Private", "Subsidiary"]),
      Rating: ctx.lifecycle === "prospect" ? "Warm" : null,
      AccountSource: r.pick(["Web", "Partner Referral", "Phone Inquiry", "Other"]),
      OwnerId: owner,
      CreatedDate: sfDateTime(createdMs),
      CreatedById: this.adminId,
      LastModifiedDate: sfDateTime(modifiedMs),
      LastModifiedById: this.adminId,
      SystemModstamp: sfDateTime(modifiedMs),
      LastActivityDate: null,
      Customer_Status__c: status,
      ARR__c: ctx.lifecycle === "prospect" ? null : ctx.lifecycle === "trialSf" ? 0 : ctx.arr,
      ARR_Tier__c: ctx.lifecycle === "prospect" ? null : ctx.tier,
      Contract_Start_Date__c: ctx.lifecycle === "prospect" ? null : contractStart,
      Renewal_Date__c: renewal,
      Churn_Date__c: churnDate,
      Churn_Reason__c: churnReason,
      Public_Sector__c: publicSector,
      CSM__c: csm,
      Pendo_Account_Id__c: pendoLink,
      ...this.contractOf(ctx),
    });
    if (isMergedDup) {
      const dupId = this.nextSfId("001");
      this.pushSf("Account", {
        Id: dupId,
        IsDeleted: true,
        MasterRecordId: id,
        Name: `${ctx.name} (duplicate)`,
        Type: type,
        Website: ctx.domain,
        OwnerId: owner,
        CreatedDate: sfDateTime(createdMs + DAY),
        CreatedById: this.adminId,
        LastModifiedDate: sfDateTime(modifiedMs),
        LastModifiedById: this.adminId,
        SystemModstamp: sfDateTime(modifiedMs),
      });
    }
    const contactIds = this.emitContacts(r, ctx, id, owner, countryCode, createdMs);
    this.emitOpportunities(r, ctx, id, owner, contractStartMs, anniversaries, churnDate);
    if (ctx.lifecycle !== "prospect") this.emitCases(r, ctx, id, contactIds);
    if (csm && ctx.lifecycle !== "churnedPast") this.emitTasks(r, ctx, id, csm, contactIds);
  }

  /**
   * Licensed seats and contracted features of a customer (active or churned; not trials or
   * prospects). Drawn from their own stream, so adding them left every other value as it was.
   * Seats leave headroom over the account's product users, except about one contract in eight
   * where more people use the product than were bought (over-use). Features: the tier's plan,
   * a few add-ons for SMB and Mid-Market, a few left out of Enterprise.
   */
  private contractOf(ctx: AccountCtx): { Licensed_Seats__c: number | null; Contracted_Features__c: string | null } {
    if (ctx.lifecycle !== "active" && ctx.lifecycle !== "churnedInWindow" && ctx.lifecycle !== "churnedPast") return { Licensed_Seats__c: null, Contracted_Features__c: null };
    const r = Rng.of(this.seed, "contract", ctx.index);
    const users = ctx.users.length;
    const least = ctx.tier === "Enterprise" ? 10 : ctx.tier === "Mid-Market" ? 3 : 1;
    const seats = users > 1 && r.chance(0.12) ? Math.max(1, Math.floor(users * r.float(0.6, 0.95))) : Math.max(least, Math.ceil(users * r.float(1, 1.8)));
    const plan = new Set(PLAN_FEATURES[ctx.tier]);
    const contracted = FEATURES.filter((f, k) => (plan.has(f.key) ? ctx.tier !== "Enterprise" || k < 5 || !r.chance(0.1) : r.chance(0.15)));
    return { Licensed_Seats__c: seats, Contracted_Features__c: contracted.map((f) => f.name).join(";") };
  }

  private emitContacts(r: Rng, ctx: AccountCtx, accountId: string, owner: string, countryCode: string, createdMs: number): Array<{ id: string; email: string | null; phone: string | null }> {
    const out: Array<{ id: string; email: string | null; phone: string | null }> = [];
    const people: Array<{ p: Person; isUser: boolean }> = [];
    for (const [k, u] of ctx.users.entries()) if (k === 0 || r.chance(ctx.longTail ? 0.3 : 0.55)) people.push({ p: u.person, isUser: true });
    const extras = ctx.lifecycle === "prospect" ? r.int(1, 2) : ctx.longTail ? r.int(0, 1) : r.int(0, 2);
    for (let e = 0; e < extras; e++) {
      const first = firstName(r);
      const last = lastName(r);
      people.push({ p: { first, last, email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "") + `@${ctx.domain}`, title: e === 0 ? "Finance Manager" : "VP Operations", department: e === 0 ? "Finance" : "Operations", phone: phone(r, countryCode) }, isUser: false });
    }
    const switchboard = phone(r, countryCode);
    for (const { p, isUser } of people) {
      const id = this.nextSfId("003");
      let email: string | null = p.email;
      const v = r.next();
      if (v < 0.05) email = null;
      else if (v < 0.15) email = email.replace(/^./, (c) => c.toUpperCase()).replace(/\.(.)/, (_m, c: string) => `.${c.toUpperCase()}`);
      let ph: string | null = r.chance(0.8) ? p.phone : null;
      if (ph && people.length >= 3 && r.chance(0.15)) ph = switchboard;
      const created = Math.min(this.nowMs - DAY, createdMs + r.int(1, 400) * DAY);
      const base: SfPartial = {
        AccountId: accountId,
        LastName: p.last,
        FirstName: p.first,
        Salutation: r.chance(0.3) ? r.pick(["Mr.", "Ms.", "Dr."]) : null,
        MailingCity: r.chance(0.5) ? ctx.location.city! : null,
        MailingCountry: r.chance(0.5) ? ctx.location.countryName! : null,
        Phone: ph,
        MobilePhone: r.chance(0.3) ? phone(r, countryCode) : null,
        Email: email,
        Title: p.title,
        Department: p.department,
        LeadSource: r.pick(["Web", "Partner Referral", "Phone Inquiry", "Other"]),
        HasOptedOutOfEmail: r.chance(0.03),
        HasOptedOutOfFax: false,
        DoNotCall: r.chance(0.02),
        IsEmailBounced: r.chance(0.02),
        OwnerId: owner,
        CreatedDate: sfDateTime(created),
        CreatedById: this.adminId,
        LastModifiedDate: sfDateTime(created),
        LastModifiedById: this.adminId,
        SystemModstamp: sfDateTime(created),
        IsDeleted: false,
      };
      this.pushSf("Contact", { Id: id, ...base });
      out.push({ id, email, phone: ph });
      // duplicates: the same email (or phone) on a second contact, in this or a recent account
      if (email && r.chance(0.02)) {
        const dupId = this.nextSfId("003");
        this.pushSf("Contact", { ...base, Id: dupId, FirstName: p.first.charAt(0), Email: email.toLowerCase(), Description: "Created from web-to-lead" });
        out.push({ id: dupId, email: email.toLowerCase(), phone: ph });
      } else if (email && this.recentContacts.length > 0 && r.chance(0.01)) {
        const other = r.pick(this.recentContacts);
        const dupId = this.nextSfId("003");
        this.pushSf("Contact", { ...base, Id: dupId, Email: other.email, Phone: other.phone, Description: "Consultant working with several customers" });
        out.push({ id: dupId, email: other.email, phone: other.phone });
      }
      if (isUser && email && ph) {
        this.recentContacts.push({ email, phone: ph, accountId });
        if (this.recentContacts.length > 50) this.recentContacts.shift();
      }
    }
    return out;
  }

  private emitOpportunities(r: Rng, ctx: AccountCtx, accountId: string, owner: string, contractStartMs: number, anniversaries: number[], churnDate: string | null): void {
    const opp = (name: string, stage: string, closeMs: number, amount: number, type: string, createdMs: number, nextStep: string | null = null) => {
      const info = stageInfo(stage);
      const created = Math.min(createdMs, this.nowMs - DAY);
      const modified = Math.min(this.nowMs - DAY, Math.max(created, info.closed ? closeMs : this.nowMs - r.int(1, 20) * DAY));
      this.pushSf("Opportunity", {
        Id: this.nextSfId("006"),
        IsDeleted: false,
        AccountId: accountId,
        IsPrivate: false,
        Name: name,
        StageName: stage,
        Amount: Math.round(amount * 100) / 100,
        Probability: info.probability,
        CloseDate: sfDate(closeMs),
        Type: type,
        NextStep: nextStep,
        LeadSource: null,
        OwnerId: owner,
        CreatedDate: sfDateTime(created),
        CreatedById: this.adminId,
        LastModifiedDate: sfDateTime(modified),
        LastModifiedById: this.adminId,
        SystemModstamp: sfDateTime(modified),
      });
    };
    if (ctx.lifecycle === "prospect") {
      if (r.chance(0.6)) {
        const stage = r.pick(["Prospecting", "Qualification", "Needs Analysis", "Value Proposition"]);
        opp(`${ctx.name} - New Business`, stage, this.nowMs + r.int(10, 120) * DAY, ctx.arr, "New Business", this.nowMs - r.int(5, 60) * DAY);
      }
      return;
    }
    if (ctx.lifecycle === "trialSf") {
      opp(`${ctx.name} - Trial conversion`, r.pick(["Qualification", "Value Proposition", "Proposal/Price Quote"]), this.nowMs + r.int(7, 60) * DAY, ctx.arr, "New Business", contractStartMs);
      return;
    }
    const startYear = new Date(contractStartMs).getUTCFullYear();
    opp(`${ctx.name} - New Business ${startYear}`, "Closed Won", contractStartMs, ctx.arr * r.float(0.6, 0.95), "New Business", contractStartMs - r.int(20, 90) * DAY);
    const churnMs = churnDate ? Date.parse(`${churnDate}T12:00:00Z`) : null;
    let amount = ctx.arr * r.float(0.7, 0.95);
    for (const a of anniversaries) {
      const year = new Date(a).getUTCFullYear();
      const name = `${ctx.name} - Renewal ${year}`;
      if (churnMs !== null && a >= churnMs - 200 * DAY) {
        opp(name, "Closed Lost", churnMs, amount, "Renewal", churnMs - r.int(60, 120) * DAY, null);
        break;
      }
      if (a <= this.nowMs) {
        amount = amount * r.float(1.0, 1.15);
        opp(name, "Closed Won", a, amount, "Renewal", a - r.int(60, 120) * DAY);
        if (r.chance(0.15)) opp(`${ctx.name} - Upsell ${year}`, "Closed Won", a + r.int(30, 200) * DAY > this.nowMs ? a : a + r.int(30, 200) * DAY, ctx.arr * r.float(0.1, 0.3), "Upsell", a);
        continue;
      }
      if (a - this.nowMs < 150 * DAY) {
        const daysOut = (a - this.nowMs) / DAY;
        const stage = daysOut < 30 ? "Negotiation/Review" : daysOut < 75 ? "Proposal/Price Quote" : "Qualification";
        opp(name, stage, a, ctx.arr, "Renewal", this.nowMs - r.int(5, 40) * DAY, ctx.health === "atRisk" ? "Exec sponsor call about usage" : "Send renewal quote");
      }
      break;
    }
  }

  private emitCases(r: Rng, ctx: AccountCtx, accountId: string, contacts: Array<{ id: string; email: string | null; phone: string | null }>): void {
    const n = ctx.health === "healthy" ? (r.chance(0.35) ? 1 : 0) : ctx.health === "neutral" ? r.int(0, 2) : r.int(1, 5);
    const support = this.sfUsers.filter((u) => u.role === "Support");
    for (let c = 0; c < n; c++) {
      const contact = contacts.length ? r.pick(contacts) : null;
      const lastDay = ctx.churnDay ?? this.days - 1;
      const createdMs = this.dayMs(r.int(0, Math.max(0, lastDay))) + r.int(8, 19) * 3_600_000;
      const status = r.weighted<string>(ctx.lifecycle === "churnedInWindow" ? [["Closed", 80], ["Working", 20]] : [["New", 15], ["Working", 25], ["Escalated", ctx.health === "atRisk" ? 15 : 4], ["Closed", 56]]);
      const closedMs = status === "Closed" ? Math.min(this.nowMs - 3_600_000, createdMs + r.int(1, 14) * DAY) : null;
      const modified = closedMs ?? Math.min(this.nowMs - 3_600_000, createdMs + r.int(0, 5) * DAY);
      this.caseNumber++;
      this.pushSf("Case", {
        Id: this.nextSfId("500"),
        IsDeleted: false,
        CaseNumber: String(this.caseNumber).padStart(8, "0"),
        ContactId: contact?.id ?? null,
        AccountId: accountId,
        Subject: r.pick(CASE_SUBJECTS),
        Status: status,
        Priority: r.weighted<string>([["High", ctx.health === "atRisk" ? 35 : 15], ["Medium", 55], ["Low", 30]]),
        Origin: r.pick(["Email", "Web", "Phone"]),
        Type: r.pick(["Problem", "Question", "Feature Request"]),
        Reason: r.pick(["Performance", "Breakdown", "Feedback", "Other"]),
        Description: null,
        ClosedDate: closedMs === null ? null : sfDateTime(closedMs),
        IsEscalated: status === "Escalated",
        OwnerId: support.length ? r.pick(support).id : this.adminId,
        CreatedDate: sfDateTime(createdMs),
        CreatedById: this.adminId,
        LastModifiedDate: sfDateTime(modified),
        LastModifiedById: this.adminId,
        SystemModstamp: sfDateTime(modified),
        ContactEmail: contact?.email ?? null,
        ContactPhone: contact?.phone ?? null,
      });
    }
  }

  private emitTasks(r: Rng, ctx: AccountCtx, accountId: string, csm: string, contacts: Array<{ id: string }>): void {
    const n = ctx.tier === "SMB" ? r.int(0, 1) : r.int(1, 3);
    for (let t = 0; t < n; t++) {
      const due = this.nowMs + r.int(-60, 30) * DAY;
      const done = due < this.nowMs && r.chance(0.8);
      const created = Math.min(this.nowMs - DAY, due - r.int(5, 30) * DAY);
      const completed = done ? Math.min(this.nowMs - 3_600_000, due + r.int(0, 3) * DAY) : null;
      const priority = r.weighted<string>([["High", 15], ["Normal", 70], ["Low", 15]]);
      this.pushSf("Task", {
        Id: this.nextSfId("00T"),
        IsDeleted: false,
        WhoId: contacts.length ? r.pick(contacts).id : null,
        WhatId: accountId,
        Subject: r.pick(TASK_SUBJECTS),
        ActivityDate: sfDate(due),
        Status: done ? "Completed" : r.pick(["Not Started", "In Progress"]),
        Priority: priority,
        OwnerId: csm,
        Description: null,
        AccountId: accountId,
        IsArchived: false,
        TaskSubtype: r.chance(0.4) ? "Call" : "Task",
        IsReminderSet: false,
        CompletedDateTime: completed === null ? null : sfDateTime(completed),
        CreatedDate: sfDateTime(created),
        CreatedById: this.adminId,
        LastModifiedDate: sfDateTime(completed ?? created),
        LastModifiedById: this.adminId,
        SystemModstamp: sfDateTime(completed ?? created),
      });
    }
  }
}

/** A PX location object with keys in sorted order (lets the canonical writer use JSON.stringify). */
function pxLocation(l: { city?: string; continent?: string; countryCode?: string; countryName?: string; regionName?: string; stateCode?: string; stateName?: string; timeZone?: string; latitude?: number; longitude?: number }): PxLocation {
  return {
    city: l.city ?? "",
    continent: l.continent ?? "",
    coordinates: { latitude: l.latitude ?? 0, longitude: l.longitude ?? 0 },
    countryCode: l.countryCode ?? "",
    countryName: l.countryName ?? "",
    postalCode: "",
    regionName: l.regionName ?? "",
    stateCode: l.stateCode ?? "",
    stateName: l.stateName ?? "",
    street: "",
    timeZone: l.timeZone ?? "",
  };
}

function addYears(ms: number, years: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), Math.min(d.getUTCDate(), 28), 12);
}

function capitalizeDomain(domain: string): string {
  const [head, ...rest] = domain.split(".");
  return [head!.charAt(0).toUpperCase() + head!.slice(1), ...rest].join(".");
}

/** 27-character URL-safe id like Pendo's, derived from (seed, key). */
export function pendoId(seed: number, key: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const r = Rng.of(seed, "pendo-id", key);
  let s = "";
  for (let i = 0; i < 27; i++) s += alphabet[Math.floor(r.next() * 64)];
  return s;
}

/** Record counts per section, for logs and the bench. */
export function fixtureCounts(f: Fixture): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(f.salesforce.objects ?? {})) out[`salesforce.${k}`] = v.length;
  for (const k of ["accounts", "visitors", "events", "featureEvents", "pollEvents"] as const) out[`pendo.${k}`] = f.pendo[k].length;
  out["px.accounts"] = f.px.accounts.length;
  out["px.users"] = f.px.users.length;
  for (const [k, v] of Object.entries(f.px.events)) if (Array.isArray(v)) out[`px.events.${k}`] = v.length;
  return out;
}
