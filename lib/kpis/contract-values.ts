// Reading an account's contract out of the Salesforce fields an admin chose on the KPI settings
// page, as the pull stored them (SfAccount.fields: the values Salesforce returned). Pure, so the
// KPI definitions' null rules are pinned by unit tests.

/**
 * The feature names a contracted-features value lists: a multi-select picklist ("A;B;C"), a
 * single picklist value, or text separated by semicolons, commas or line breaks. Names are
 * trimmed and lower-cased (matching ignores case); blanks are dropped. Anything else lists none.
 */
export function contractedFeatureNames(value: unknown): string[] {
  const items = typeof value === "string" ? value.split(/[;,\r\n]+/) : Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  return [...new Set(items.map(featureNameKey).filter((n) => n !== ""))];
}

/** How a tracked feature's name and a contracted name are compared: trimmed, case ignored. */
export function featureNameKey(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * The tracked features a contract lists, by id: every tracked feature whose name matches a listed
 * name. Null when the value lists no name at all (the account has no contract of features, so the
 * admin-marked core features apply); an empty list when it names only features the tool does not track.
 */
export function contractedFeatureIds(value: unknown, idsByName: ReadonlyMap<string, readonly string[]>): string[] | null {
  const names = contractedFeatureNames(value);
  if (names.length === 0) return null;
  return [...new Set(names.flatMap((n) => idsByName.get(n) ?? []))];
}

/** Licensed seats from a number field (or its text, as a Bulk read may give it): null unless above 0. */
export function licensedSeats(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}
