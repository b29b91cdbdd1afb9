// In-memory record storage. Records are immutable snapshots (every write stores a new object),
// which makes three things cheap: rollback for allOrNone (put the old object back), query
// cursors that keep serving the rows as they were when the query ran, and index maintenance.

import type { FieldMeta, ObjectMeta } from "./metadata/types";
import { indexKey, type SfRecord } from "./values";

export interface TxEntry {
  table: Table;
  id: string;
  prev: SfRecord | undefined;
}

/**
 * One write transaction: every record written in it shares `stamp` (its SystemModstamp), like
 * records saved in one Salesforce transaction, and `rollback` undoes all of it.
 */
export class Tx {
  readonly log: TxEntry[] = [];
  constructor(readonly stamp: string) {}

  /** A savepoint: rollbackTo(mark()) undoes only what was written after it. */
  mark(): number {
    return this.log.length;
  }

  rollbackTo(mark: number): void {
    for (let i = this.log.length - 1; i >= mark; i--) {
      const entry = this.log[i]!;
      if (entry.prev) entry.table.put(entry.prev);
      else entry.table.remove(entry.id);
    }
    this.log.length = mark;
  }

  rollback(): void {
    this.rollbackTo(0);
  }
}

interface ModEntry {
  stamp: string;
  id: string;
}

function compareEntries(a: ModEntry, b: ModEntry): number {
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Records ordered by (SystemModstamp, Id): the order of the watermark cursor query
 * `WHERE SystemModstamp > X OR (SystemModstamp = X AND Id > Y) ORDER BY SystemModstamp, Id`.
 * Writes append to a small pending list; a read merges it in (O(n) at worst, usually a plain
 * append because new stamps are the newest). Superseded entries are skipped while iterating
 * and compacted away once they pile up.
 */
export class ModstampIndex {
  private sorted: ModEntry[] = [];
  private pending: ModEntry[] = [];
  private stale = 0;

  add(rec: SfRecord): void {
    const stamp = rec.SystemModstamp;
    if (typeof stamp !== "string") return;
    this.pending.push({ stamp, id: String(rec.Id) });
  }

  superseded(): void {
    this.stale += 1;
  }

  clear(): void {
    this.sorted = [];
    this.pending = [];
    this.stale = 0;
  }

  /** Live records in (SystemModstamp, Id) order, starting at the first stamp >= fromStamp. */
  *iterate(byId: Map<string, SfRecord>, fromStamp?: string): Generator<SfRecord> {
    this.settle(byId);
    const entries = this.sorted;
    let lo = 0;
    if (fromStamp !== undefined) {
      let hi = entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (entries[mid]!.stamp < fromStamp) lo = mid + 1;
        else hi = mid;
      }
    }
    let previous: ModEntry | undefined;
    for (let i = lo; i < entries.length; i++) {
      const entry = entries[i]!;
      if (previous && previous.id === entry.id && previous.stamp === entry.stamp) continue;
      previous = entry;
      const rec = byId.get(entry.id);
      if (rec && rec.SystemModstamp === entry.stamp) yield rec;
    }
  }

  private settle(byId: Map<string, SfRecord>): void {
    if (this.pending.length > 0) {
      const pending = this.pending.sort(compareEntries);
      this.pending = [];
      const last = this.sorted[this.sorted.length - 1];
      if (!last || compareEntries(last, pending[0]!) <= 0) {
        for (const e of pending) this.sorted.push(e);
      } else {
        this.sorted = merge(this.sorted, pending);
      }
    }
    if (this.stale > 1000 && this.stale > this.sorted.length / 2) {
      this.sorted = this.sorted.filter((e) => byId.get(e.id)?.SystemModstamp === e.stamp);
      this.stale = 0;
    }
  }
}

function merge(a: ModEntry[], b: ModEntry[]): ModEntry[] {
  const out: ModEntry[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compareEntries(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

export function isDeleted(rec: SfRecord): boolean {
  return rec.IsDeleted === true;
}

export class Table {
  readonly byId = new Map<string, SfRecord>();
  readonly modstamp = new ModstampIndex();
  /** unique and external-ID fields → key → ids of live (not deleted) records */
  private readonly lookups = new Map<string, { field: FieldMeta; keys: Map<string, Set<string>> }>();

  constructor(readonly meta: ObjectMeta) {
    for (const f of meta.fields) {
      if (f.unique || f.externalId) this.lookups.set(f.name, { field: f, keys: new Map() });
    }
  }

  get(id: string): SfRecord | undefined {
    return this.byId.get(id);
  }

  put(rec: SfRecord, tx?: Tx): void {
    const id = String(rec.Id);
    const prev = this.byId.get(id);
    if (tx) tx.log.push({ table: this, id, prev });
    if (prev) {
      this.unindex(prev);
      this.modstamp.superseded();
    }
    this.byId.set(id, rec);
    this.index(rec);
    this.modstamp.add(rec);
  }

  remove(id: string, tx?: Tx): void {
    const prev = this.byId.get(id);
    if (!prev) return;
    if (tx) tx.log.push({ table: this, id, prev });
    this.unindex(prev);
    this.modstamp.superseded();
    this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
    this.modstamp.clear();
    for (const l of this.lookups.values()) l.keys.clear();
  }

  /** Live record ids whose unique/external-ID field matches value (case rules per field). */
  findBy(fieldName: string, key: string): string[] {
    const ids = this.lookups.get(fieldName)?.keys.get(key);
    return ids ? [...ids] : [];
  }

  hasLookup(fieldName: string): boolean {
    return this.lookups.has(fieldName);
  }

  private index(rec: SfRecord): void {
    if (isDeleted(rec)) return;
    for (const { field, keys } of this.lookups.values()) {
      const key = indexKey(field, rec[field.name] ?? null);
      if (key === undefined) continue;
      let ids = keys.get(key);
      if (!ids) {
        ids = new Set();
        keys.set(key, ids);
      }
      ids.add(String(rec.Id));
    }
  }

  private unindex(rec: SfRecord): void {
    if (isDeleted(rec)) return;
    for (const { field, keys } of this.lookups.values()) {
      const key = indexKey(field, rec[field.name] ?? null);
      if (key === undefined) continue;
      const ids = keys.get(key);
      ids?.delete(String(rec.Id));
      if (ids && ids.size === 0) keys.delete(key);
    }
  }
}

export class Store {
  private readonly tables = new Map<string, Table>();

  constructor(objects: ObjectMeta[]) {
    for (const meta of objects) this.tables.set(meta.name, new Table(meta));
  }

  table(meta: ObjectMeta): Table {
    const t = this.tables.get(meta.name);
    if (!t) throw new Error(`No table for ${meta.name}`);
    return t;
  }

  tableByName(name: string): Table | undefined {
    return this.tables.get(name);
  }

  all(): Table[] {
    return [...this.tables.values()];
  }

  /** Finds a record by 18-char id in whichever table owns its key prefix. */
  find(id: string): { table: Table; rec: SfRecord } | undefined {
    const prefix = id.slice(0, 3);
    for (const table of this.tables.values()) {
      if (table.meta.keyPrefix !== prefix) continue;
      const rec = table.get(id);
      return rec ? { table, rec } : undefined;
    }
    return undefined;
  }

  hasId(id: string): boolean {
    return this.find(id) !== undefined;
  }
}
