// Rendering stored records the way the REST API returns them.

import type { FieldMeta, ObjectMeta } from "./metadata/types";
import type { SfRecord } from "./values";

export function recordUrl(version: string, type: string, id: string): string {
  return `/services/data/v${version}/sobjects/${type}/${id}`;
}

export function attributesFor(version: string, type: string, id: string): { type: string; url: string } {
  return { type, url: recordUrl(version, type, id) };
}

/** Compound address value, or null when every component is empty (as Salesforce does). */
function addressValue(rec: SfRecord, prefix: string): Record<string, unknown> | null {
  const get = (suffix: string): unknown => rec[`${prefix}${suffix}`] ?? null;
  const value = {
    city: get("City"),
    country: get("Country"),
    geocodeAccuracy: null,
    latitude: get("Latitude"),
    longitude: get("Longitude"),
    postalCode: get("PostalCode"),
    state: get("State"),
    street: get("Street"),
  };
  const empty = Object.entries(value).every(([, v]) => v === null);
  return empty ? null : value;
}

export function fieldValue(rec: SfRecord, f: FieldMeta): unknown {
  if (f.type === "address") return f.compoundPrefix ? addressValue(rec, f.compoundPrefix) : null;
  const v = rec[f.name];
  return v === undefined ? (f.type === "boolean" ? false : null) : v;
}

export function renderRecord(meta: ObjectMeta, rec: SfRecord, version: string, fields?: FieldMeta[]): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: attributesFor(version, meta.name, String(rec.Id)) };
  for (const f of fields ?? meta.fields) out[f.name] = fieldValue(rec, f);
  return out;
}
