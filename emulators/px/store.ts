import { Keyed } from "../fixture/runtime/keyed";
import { TimeIndex } from "../fixture/runtime/time-index";
import {
  pxEventKindNames,
  type PxAccount,
  type PxAttribute,
  type PxEvent,
  type PxEventKind,
  type PxFixture,
  type PxUser,
} from "./fixture";

export const DEFAULT_PROPERTY_KEY = "AP-DEMO00000001-2";

/** Standard attributes listed by /admin/model/{kind}/attributes when the fixture gives none. */
export function defaultAttributes(): { user: PxAttribute[]; account: PxAttribute[] } {
  const a = (name: string, apiName: string, type: PxAttribute["type"]): PxAttribute => ({
    id: `std-${apiName}`,
    name,
    apiName,
    internalName: apiName,
    type,
    origin: "DEFAULT",
    state: "ACTIVE",
    description: "",
    defaultValue: null,
    createdDate: 0,
    modifiedDate: 0,
  });
  return {
    user: [
      a("Email", "email", "STRING"),
      a("First Name", "firstName", "STRING"),
      a("Last Name", "lastName", "STRING"),
      a("Title", "title", "STRING"),
      a("Phone", "phone", "STRING"),
      a("Role", "role", "STRING"),
      a("Account ID", "accountId", "STRING"),
      a("Sign Up Date", "signUpDate", "DATE_TIME"),
      a("Score", "score", "NUMBER"),
    ],
    account: [
      a("Name", "name", "STRING"),
      a("SFDC ID", "sfdcId", "STRING"),
      a("Website", "website", "STRING"),
      a("Industry", "industry", "STRING"),
      a("Number of Employees", "numberOfEmployees", "NUMBER"),
      a("Plan", "plan", "STRING"),
    ],
  };
}

export class PxStore {
  readonly accounts: Keyed<PxAccount>;
  readonly users: Keyed<PxUser>;
  readonly attributes: { user: PxAttribute[]; account: PxAttribute[] };
  readonly events: Record<PxEventKind, TimeIndex<PxEvent>>;
  readonly propertyKeys: Set<string> | undefined;
  readonly preferences = new Map<string, Record<string, boolean>>();

  constructor(readonly fixture: PxFixture) {
    this.accounts = new Keyed(fixture.accounts, (a) => a.id);
    this.users = new Keyed(fixture.users, (u) => u.identifyId);
    this.attributes = fixture.attributes ?? defaultAttributes();
    const ev = fixture.events as unknown as Record<string, PxEvent[] | undefined>;
    this.events = Object.fromEntries(pxEventKindNames.map((k) => [k, new TimeIndex<PxEvent>(ev[k] ?? [], (e) => e.date)])) as Record<
      PxEventKind,
      TimeIndex<PxEvent>
    >;
    this.propertyKeys = fixture.products ? new Set(fixture.products.map((p) => p.propertyKey)) : undefined;
  }

  customAttributeDef(kind: "user" | "account", apiName: string): PxAttribute | undefined {
    return this.attributes[kind].find((a) => a.apiName === apiName && a.origin !== "DEFAULT");
  }

  export(): PxFixture {
    const f = this.fixture;
    const events: Record<string, PxEvent[]> = {};
    const src = f.events as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(src)) if (!(pxEventKindNames as string[]).includes(k)) events[k] = v as PxEvent[];
    for (const k of pxEventKindNames) {
      const idx = this.events[k];
      if (src[k] !== undefined || idx.hasAppended()) events[k] = idx.all();
    }
    return {
      ...f,
      accounts: this.accounts.values(),
      users: this.users.values(),
      events: events as PxFixture["events"],
    };
  }
}
