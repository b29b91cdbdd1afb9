// Which field pairs may be offered for custom field matching: the same type family on both sides,
// only text and whole numbers, and never the PX_/Pendo_ fields Clearinghouse itself writes.

export interface SalesforceFieldInfo {
  name: string;
  type: string;
  scale?: number;
}

export interface AnalyticsFieldInfo {
  name: string;
  type: string;
}

type Family = "text" | "integer";

/** Custom fields a pull keeps per Salesforce object for custom field matching (the picker offers only these). */
export const MAX_CUSTOM_MATCH_FIELDS = 100;

const SALESFORCE_TEXT = new Set(["string", "email", "url", "phone", "picklist", "id", "reference", "textarea"]);
const ANALYTICS_TEXT = new Set(["string", "text", "STRING"]);
const ANALYTICS_INTEGER = new Set(["integer", "int", "NUMBER", "number"]);

export function isPushField(name: string): boolean {
  return /^(px_|pendo_)/i.test(name);
}

export function salesforceFamily(f: SalesforceFieldInfo): Family | null {
  if (isPushField(f.name)) return null;
  if (SALESFORCE_TEXT.has(f.type)) return "text";
  if (f.type === "int" || ((f.type === "double" || f.type === "currency") && f.scale === 0)) return "integer";
  return null;
}

export function analyticsFamily(f: AnalyticsFieldInfo): Family | null {
  if (ANALYTICS_TEXT.has(f.type)) return "text";
  if (ANALYTICS_INTEGER.has(f.type)) return "integer";
  return null;
}

export function matchableFieldPairs(salesforce: readonly SalesforceFieldInfo[], analytics: readonly AnalyticsFieldInfo[]) {
  const pairs: { salesforceField: string; analyticsField: string; family: Family }[] = [];
  for (const s of salesforce) {
    const family = salesforceFamily(s);
    if (!family) continue;
    for (const a of analytics) if (analyticsFamily(a) === family) pairs.push({ salesforceField: s.name, analyticsField: a.name, family });
  }
  return pairs;
}
