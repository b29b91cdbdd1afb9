import type { SfRecord } from "@/lib/connectors/salesforce/records";

// The Salesforce records account health reads beside accounts and contacts (issue 13): users (the
// CSMs an admin assigns, account owners), support cases (the support measure) and opportunities
// (renewals won and lost: the churn history the backtest replays). Standard objects with fixed
// fields, so their rows are built from field names, not from an admin's roles.

/** Account fields the health pages and the backtest read, when the org's account object has them. */
export const ACCOUNT_HEALTH_FIELDS = ["Churn_Date__c", "Renewal_Date__c", "ARR__c", "ARR_Tier__c", "CSM__c", "Public_Sector__c", "Customer_Status__c"];

export type HealthObject = "User" | "Case" | "Opportunity";

/** The fields a pull asks for, of those the org's describe lists. */
export const HEALTH_OBJECT_FIELDS: Readonly<Record<HealthObject, readonly string[]>> = {
  User: ["Id", "Name", "Email", "IsActive", "SystemModstamp"],
  Case: ["Id", "AccountId", "Status", "IsClosed", "CreatedDate", "ClosedDate", "SystemModstamp"],
  Opportunity: ["Id", "AccountId", "Type", "StageName", "IsClosed", "IsWon", "CloseDate", "Amount", "SystemModstamp"],
};

export interface SfUserRow {
  id: string;
  name: string | null;
  email: string | null;
  isActive: boolean;
  systemModstamp: Date;
}

export interface SfCaseRow {
  id: string;
  accountId: string | null;
  status: string | null;
  isClosed: boolean;
  createdDate: Date;
  closedDate: Date | null;
  systemModstamp: Date;
}

export interface SfOpportunityRow {
  id: string;
  accountId: string | null;
  type: string | null;
  stageName: string | null;
  isClosed: boolean;
  isWon: boolean;
  /** A Salesforce date ("2026-02-15"), no time of day. */
  closeDate: string | null;
  amount: number | null;
  systemModstamp: Date;
}

// REST answers JSON values; a Bulk 2.0 row typed by changes.ts matches them, except that a blank
// cell is "" where REST says null.
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const bool = (v: unknown): boolean => v === true || v === "true";
const num = (v: unknown): number | null => (typeof v === "number" ? v : typeof v === "string" && v !== "" && Number.isFinite(Number(v)) ? Number(v) : null);
const date = (v: unknown): Date | null => (str(v) ? new Date(String(v)) : null);
const stamp = (r: SfRecord) => new Date(String(r.SystemModstamp));

export function toUserRow(r: SfRecord): SfUserRow {
  return { id: String(r.Id), name: str(r.Name), email: str(r.Email), isActive: bool(r.IsActive), systemModstamp: stamp(r) };
}

export function toCaseRow(r: SfRecord): SfCaseRow {
  return {
    id: String(r.Id),
    accountId: str(r.AccountId),
    status: str(r.Status),
    isClosed: bool(r.IsClosed),
    // Every record has one; the stamp stands in only if the field is hidden from the integration user.
    createdDate: date(r.CreatedDate) ?? stamp(r),
    closedDate: date(r.ClosedDate),
    systemModstamp: stamp(r),
  };
}

export function toOpportunityRow(r: SfRecord): SfOpportunityRow {
  return {
    id: String(r.Id),
    accountId: str(r.AccountId),
    type: str(r.Type),
    stageName: str(r.StageName),
    isClosed: bool(r.IsClosed),
    isWon: bool(r.IsWon),
    closeDate: str(r.CloseDate),
    amount: num(r.Amount),
    systemModstamp: stamp(r),
  };
}
