// The org's data: schema, records, ID source and the few org-level settings. Everything that
// a fixture can describe lives here; tokens, limits, cursors and jobs live beside it in the
// server state because they are not part of the fixture.

import { EmulatorClock, formatDateTime } from "./clock";
import { IdGenerator, to18 } from "./ids";
import { MetadataRegistry } from "./metadata/registry";
import { FOREIGN_KEY_PREFIXES } from "./metadata/standard-objects";
import type { ObjectMeta } from "./metadata/types";
import { isDeleted, Store, Tx } from "./store";
import type { CoerceContext, SfRecord } from "./values";
import { ValidationRules } from "./validation-rules";

export interface OrgInfo {
  id: string;
  name: string;
  isSandbox: boolean;
  instanceName: string;
  dailyApiRequests?: number;
}

export class OrgData implements CoerceContext {
  registry: MetadataRegistry;
  store: Store;
  info: OrgInfo;
  readonly ids: IdGenerator;
  /**
   * Query cursors (01g) and Bulk jobs (750) draw from their own counter, so the IDs records get
   * depend only on the records created, not on how many queries ran in between.
   */
  readonly auxIds: IdGenerator;
  /** the user that client-credentials tokens and the consent page default to */
  defaultUserId = "";
  /** Profile ID given to users created without one (profiles are not emulated). */
  readonly standardProfileId: string;
  /**
   * How many times each field of each record was written by an update ("<Id>.<Field>" → count),
   * for tests that prove a sync never writes a record twice (GET /__emulator/field-writes).
   */
  readonly fieldWrites = new Map<string, number>();
  /** Records a test makes Salesforce refuse (POST /__emulator/validation-rules). */
  readonly validationRules = new ValidationRules();
  private caseCounter = 1000;

  constructor(
    readonly clock: EmulatorClock,
    seed: number,
  ) {
    this.registry = MetadataRegistry.build();
    this.store = new Store(this.registry.objects);
    this.ids = new IdGenerator(seed, (id) => this.store.hasId(id));
    this.auxIds = new IdGenerator(seed);
    this.info = {
      id: to18(`00D${this.ids.pod}0000000001`),
      name: "Clearinghouse Demo Org",
      isSandbox: false,
      instanceName: "EMU1",
    };
    this.standardProfileId = to18(`00e${this.ids.pod}0000000001`);
  }

  /** Swaps in a new schema and empty tables (fixture load). */
  reset(registry: MetadataRegistry): void {
    this.registry = registry;
    this.store = new Store(registry.objects);
    this.caseCounter = 1000;
  }

  keyPrefixFor(objectName: string): string | undefined {
    return this.registry.get(objectName)?.keyPrefix ?? FOREIGN_KEY_PREFIXES[objectName];
  }

  object(name: string): ObjectMeta | undefined {
    return this.registry.get(name);
  }

  newId(meta: ObjectMeta): string {
    return this.ids.next(meta.keyPrefix);
  }

  nextCaseNumber(): string {
    this.caseCounter += 1;
    return String(this.caseCounter).padStart(8, "0");
  }

  observeCaseNumber(value: unknown): void {
    if (typeof value === "string" && /^\d+$/.test(value)) this.caseCounter = Math.max(this.caseCounter, Number(value));
  }

  /** When set (composite allOrNone), every transaction begun is collected for a joint rollback. */
  txCollector: Tx[] | undefined;

  beginTx(): Tx {
    const tx = new Tx(formatDateTime(this.clock.nextWriteStamp()));
    this.txCollector?.push(tx);
    return tx;
  }

  /** A live (not deleted) record by 18-char id, in whichever table owns the prefix. */
  findLive(id: string): { meta: ObjectMeta; rec: SfRecord } | undefined {
    const hit = this.store.find(id);
    if (!hit || isDeleted(hit.rec)) return undefined;
    return { meta: hit.table.meta, rec: hit.rec };
  }

  /** The Organization row, built from the org settings so it always agrees with them. */
  organizationRecord(): SfRecord {
    const stamp = formatDateTime(Date.UTC(2020, 0, 1));
    return {
      Id: this.info.id,
      Name: this.info.name,
      Division: null,
      Phone: null,
      DefaultLocaleSidKey: "en_US",
      TimeZoneSidKey: "GMT",
      LanguageLocaleKey: "en_US",
      InstanceName: this.info.instanceName,
      IsSandbox: this.info.isSandbox,
      OrganizationType: this.info.isSandbox ? "Enterprise Edition" : "Developer Edition",
      NamespacePrefix: null,
      TrialExpirationDate: null,
      CreatedDate: stamp,
      CreatedById: this.defaultUserId || null,
      LastModifiedDate: stamp,
      LastModifiedById: this.defaultUserId || null,
      SystemModstamp: stamp,
    };
  }

  /** Rebuilds the Organization table after the org settings change. */
  syncOrganization(): void {
    const meta = this.registry.get("Organization");
    if (!meta) return;
    const table = this.store.table(meta);
    table.clear();
    table.put(this.organizationRecord());
  }
}
