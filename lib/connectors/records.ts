// The hub's shapes of analytics records, as every analytics connector hands them to the pull, and
// the defensive readers of vendor values they are built with (vendor JSON is never trusted).

export interface AnalyticsAccountRow {
  externalId: string;
  name: string | null;
  website: string | null;
  /** The Salesforce account ID the analytics tool carries, as it carries it (not validated). */
  salesforceIdRaw: string | null;
  custom: Record<string, unknown>;
  lastSeenAt: Date | null;
}

export interface AnalyticsUserRow {
  externalId: string;
  accountExternalId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  salesforceContactIdRaw: string | null;
  custom: Record<string, unknown>;
  lastSeenAt: Date | null;
}

export interface AnalyticsField {
  name: string;
  label: string;
  type: string;
}

/**
 * What a pull needs from Pendo or PX. Neither tool has "changed since", so the pull reads every
 * record, object by object, in pages; each call to `accountPages`/`userPages` starts from the top.
 */
export interface AnalyticsSource {
  readonly system: "pendo" | "px";
  readonly label: string;
  /** What the tool calls a user ("visitor" in Pendo). */
  readonly userNoun: string;
  accountFields(): Promise<AnalyticsField[]>;
  userFields(): Promise<AnalyticsField[]>;
  accountPages(pageSize?: number): AsyncGenerator<AnalyticsAccountRow[]>;
  userPages(pageSize?: number): AsyncGenerator<AnalyticsUserRow[]>;
  /** Largest page the vendor serves, and the page size a pull uses by default. */
  readonly pageSize: { default: number; max: number };
  apiCalls(): Record<string, number>;
}

const scalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

/** Top-level scalar values of a vendor record, for custom field matching. */
export function scalarFields(record: Record<string, unknown>, prefix = "", into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(record)) if (scalar(v)) into[`${prefix}${k}`] = v;
  return into;
}

export const text = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : typeof v === "number" ? String(v) : null);
export const time = (v: unknown): Date | null => {
  const d = typeof v === "number" && v > 0 ? new Date(v) : typeof v === "string" && v ? new Date(v) : null;
  return d && Number.isFinite(d.getTime()) ? d : null;
};
export const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
