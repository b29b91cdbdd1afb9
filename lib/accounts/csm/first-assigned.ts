// "First assigned" (seed 003 keeps a CSM history so an account's first CSM and when it got one are
// known): derived from the history, never stored. The oldest change that gave the account a CSM;
// when Clearinghouse took over an account that already had one in Salesforce, that first entry is
// the value found there (source "salesforce", dated when the hub had it from Salesforce).

export interface CsmHistoryEntry {
  fromUserId: string | null;
  toUserId: string | null;
  changedAt: Date;
  changedByEmail: string;
  source: string;
}

export interface FirstAssigned {
  userId: string;
  at: Date;
  /** "salesforce": the CSM was already set in Salesforce when Clearinghouse took over, so it was assigned by then. */
  source: string;
}

/** Null when the account never had a CSM. Order-independent: the history may come newest first. */
export function firstAssigned(history: readonly CsmHistoryEntry[]): FirstAssigned | null {
  let first: CsmHistoryEntry | null = null;
  for (const entry of history) {
    if (entry.toUserId === null) continue;
    if (!first || entry.changedAt < first.changedAt) first = entry;
  }
  return first ? { userId: first.toUserId!, at: first.changedAt, source: first.source } : null;
}
