// Fields Salesforce computes itself: defaults on insert and values derived from other fields
// (Contact.Name, Opportunity.IsWon, Case.IsClosed...). Kept per object in one place so the
// DML code stays generic.

import type { WriteContext } from "./dml";
import type { FieldMeta, ObjectMeta } from "./metadata/types";
import { OPPORTUNITY_STAGES } from "./metadata/standard-objects";
import type { OrgData } from "./org";
import type { SfRecord, StoredValue } from "./values";

type Changes = Map<FieldMeta, StoredValue>;

function changed(changes: Changes, name: string): boolean {
  for (const f of changes.keys()) if (f.name === name) return true;
  return false;
}

export function applyInsertDefaults(ctx: WriteContext, meta: ObjectMeta, rec: SfRecord, changes: Changes): void {
  for (const f of meta.fields) {
    if (f.defaultPicklistValue !== null && (rec[f.name] === null || rec[f.name] === undefined)) {
      rec[f.name] = f.defaultPicklistValue;
    }
  }
  if (meta.fieldByLower.has("ownerid") && !rec.OwnerId) rec.OwnerId = ctx.userId;
  switch (meta.name) {
    case "Case":
      rec.CaseNumber = ctx.org.nextCaseNumber();
      break;
    case "User":
      if (!changed(changes, "IsActive")) rec.IsActive = true;
      if (!rec.ProfileId) rec.ProfileId = ctx.org.standardProfileId;
      break;
    case "Opportunity": {
      const stage = OPPORTUNITY_STAGES.find((s) => s.name === rec.StageName);
      if (!changed(changes, "ForecastCategoryName")) rec.ForecastCategoryName = stage ? forecastName(stage.forecast) : "Pipeline";
      break;
    }
    default:
      break;
  }
}

function forecastName(category: string): string {
  return category === "BestCase" ? "Best Case" : category === "Forecast" ? "Commit" : category;
}

export function derive(ctx: WriteContext, meta: ObjectMeta, rec: SfRecord, prev: SfRecord | undefined, changes: Changes): void {
  deriveFields(ctx.org, meta, rec, prev, changes, ctx.tx.stamp);
}

/** Also used when loading fixtures, so derived values are always consistent with their inputs. */
export function deriveFields(
  org: OrgData,
  meta: ObjectMeta,
  rec: SfRecord,
  prev: SfRecord | undefined,
  changes: Changes | undefined,
  stamp: string,
): void {
  switch (meta.name) {
    case "Contact":
    case "User":
      rec.Name = [rec.FirstName, rec.LastName].filter((p) => typeof p === "string" && p !== "").join(" ") || null;
      break;
    case "Opportunity": {
      const stage = OPPORTUNITY_STAGES.find((s) => s.name === rec.StageName);
      rec.IsClosed = stage?.closed ?? false;
      rec.IsWon = stage?.won ?? false;
      rec.ForecastCategory = stage?.forecast ?? "Pipeline";
      const stageChanged = !prev || prev.StageName !== rec.StageName;
      if (changes && stageChanged && stage && !changed(changes, "Probability")) rec.Probability = stage.probability;
      if (typeof rec.CloseDate === "string") {
        rec.FiscalYear = Number(rec.CloseDate.slice(0, 4));
        rec.FiscalQuarter = Math.floor((Number(rec.CloseDate.slice(5, 7)) - 1) / 3) + 1;
      } else {
        rec.FiscalYear = null;
        rec.FiscalQuarter = null;
      }
      break;
    }
    case "Task": {
      const closed = rec.Status === "Completed";
      rec.IsClosed = closed;
      rec.IsHighPriority = rec.Priority === "High";
      if (changes) {
        if (closed && !prev?.IsClosed) rec.CompletedDateTime = stamp;
        if (!closed) rec.CompletedDateTime = null;
        rec.AccountId = taskAccount(org, rec);
      }
      break;
    }
    case "Case": {
      const closed = rec.Status === "Closed";
      rec.IsClosed = closed;
      if (changes) {
        if (closed && !prev?.IsClosed) rec.ClosedDate = stamp;
        if (!closed) rec.ClosedDate = null;
        const contact = typeof rec.ContactId === "string" ? org.findLive(rec.ContactId)?.rec : undefined;
        rec.ContactEmail = contact?.Email ?? null;
        rec.ContactPhone = contact?.Phone ?? null;
      }
      break;
    }
    default:
      break;
  }
}

function taskAccount(org: OrgData, rec: SfRecord): StoredValue {
  const what = typeof rec.WhatId === "string" ? org.findLive(rec.WhatId) : undefined;
  if (what?.meta.name === "Account") return String(what.rec.Id);
  if (what && typeof what.rec.AccountId === "string") return what.rec.AccountId;
  const who = typeof rec.WhoId === "string" ? org.findLive(rec.WhoId) : undefined;
  if (who && typeof who.rec.AccountId === "string") return who.rec.AccountId;
  return null;
}

/**
 * Fixture records may leave lookups-derived fields empty (Task.AccountId, Case.ContactEmail);
 * once every record is loaded they can be filled in. Returns the completed record, or
 * undefined when nothing changes.
 */
export function deriveAfterLoad(org: OrgData, meta: ObjectMeta, rec: SfRecord): SfRecord | undefined {
  if (meta.name === "Task" && rec.AccountId === null) {
    const accountId = taskAccount(org, rec);
    return accountId === null ? undefined : { ...rec, AccountId: accountId };
  }
  if (meta.name === "Case" && typeof rec.ContactId === "string" && rec.ContactEmail === null && rec.ContactPhone === null) {
    const contact = org.findLive(rec.ContactId)?.rec;
    if (!contact || (contact.Email === null && contact.Phone === null)) return undefined;
    return { ...rec, ContactEmail: contact.Email ?? null, ContactPhone: contact.Phone ?? null };
  }
  return undefined;
}
