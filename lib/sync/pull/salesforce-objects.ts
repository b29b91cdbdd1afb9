import type { SalesforceConnector } from "@/lib/connectors/salesforce/connection";
import { toCaseRow, toOpportunityRow, toUserRow } from "@/lib/connectors/salesforce/health-records";
import { toAccountRow, toContactRow, type SfRecord, type SourcePlan } from "@/lib/connectors/salesforce/records";
import type { SalesforcePullSettings } from "@/lib/integrations/pull-settings";
import type { Sql } from "@/lib/sync/sql";
import type { ObjectStats } from "@/lib/sync/stats";
import { healthSource } from "@/lib/sync/pull/health-source";
import { markDeleted, retireForReview, type Retire } from "@/lib/sync/pull/salesforce-deleted";
import { accountSource, contactSource } from "@/lib/sync/pull/salesforce-source";
import { writeSfAccounts, writeSfContacts } from "@/lib/sync/pull/write-salesforce";
import { writeSfCases, writeSfOpportunities, writeSfUsers } from "@/lib/sync/pull/write-health-records";

// The Salesforce objects one pull reads, in order, each through the same machinery (salesforce-pull.ts):
// a cursor per object, keyset pages or a Bulk 2.0 query, per-page commits. What differs per object is
// here: which fields it reads, how a record becomes a hub row, and what a deletion does in the hub.

export interface SalesforceObjectPull {
  /** The key of its counts and checkpoint in the pull step ("accounts"), which the run page labels. */
  key: string;
  plan: SourcePlan;
  /** Maps a page of records to hub rows and writes the ones that changed, counting into `stats`. */
  write: (sql: Sql, records: SfRecord[], stats: ObjectStats, at: Date) => Promise<void>;
  /** What a record deleted (or merged) in Salesforce becomes in the hub; none for objects Salesforce never deletes. */
  retire: Retire | null;
}

export async function salesforceObjects(sf: SalesforceConnector, integrationId: string, settings: SalesforcePullSettings): Promise<SalesforceObjectPull[]> {
  const accounts = await accountSource(integrationId, settings);
  const contacts = await contactSource(integrationId, settings);
  const users = await healthSource(sf, integrationId, "User");
  const cases = await healthSource(sf, integrationId, "Case");
  const opportunities = await healthSource(sf, integrationId, "Opportunity");
  const objects: (SalesforceObjectPull | null)[] = [
    {
      key: "accounts",
      plan: accounts,
      write: (sql, records, stats, at) => writeSfAccounts(sql, integrationId, records.map((r) => toAccountRow(accounts, r)), stats, at),
      retire: retireForReview("ACCOUNT"),
    },
    {
      key: "contacts",
      plan: contacts,
      write: (sql, records, stats, at) => writeSfContacts(sql, integrationId, records.map((r) => toContactRow(contacts, r)), stats, at),
      retire: retireForReview("CONTACT"),
    },
    // Salesforce never deletes a user (it deactivates them: IsActive), and User has no IsDeleted to ask queryAll about.
    users && { key: "users", plan: users, write: (sql, records, stats, at) => writeSfUsers(sql, integrationId, records.map(toUserRow), stats, at), retire: null },
    cases && { key: "cases", plan: cases, write: (sql, records, stats, at) => writeSfCases(sql, integrationId, records.map(toCaseRow), stats, at), retire: markDeleted("SfCase") },
    opportunities && {
      key: "opportunities",
      plan: opportunities,
      write: (sql, records, stats, at) => writeSfOpportunities(sql, integrationId, records.map(toOpportunityRow), stats, at),
      retire: markDeleted("SfOpportunity"),
    },
  ];
  return objects.filter((o): o is SalesforceObjectPull => o !== null);
}
