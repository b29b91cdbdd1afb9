import type { SalesforcePullSettings } from "@/lib/integrations/pull-settings";

// A Salesforce record as the write-back mappings read it: Salesforce's own field names. The hub
// keeps the id and the fields that play a role (name, website, email…) as columns; they are put
// back under the field names the pull settings give them. A field the pull did not read is
// absent, so its mapping is skipped rather than clearing the tool's value.

interface AccountRow {
  id: string;
  name: string | null;
  website: string | null;
  fields: unknown;
}

interface ContactRow {
  id: string;
  accountId: string | null;
  email: string | null;
  phone: string | null;
  fields: unknown;
}

type Roles = Pick<SalesforcePullSettings, "accountNameField" | "accountWebsiteField" | "contactEmailField" | "contactPhoneField" | "contactAccountField">;

const pulled = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function salesforceAccountRecord(row: AccountRow, roles: Roles): Record<string, unknown> {
  return { ...pulled(row.fields), Id: row.id, [roles.accountNameField]: row.name, [roles.accountWebsiteField]: row.website };
}

export function salesforceContactRecord(row: ContactRow, roles: Roles): Record<string, unknown> {
  return { ...pulled(row.fields), Id: row.id, [roles.contactEmailField]: row.email, [roles.contactPhoneField]: row.phone, [roles.contactAccountField]: row.accountId };
}
