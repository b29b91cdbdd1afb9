import type { FieldMapping } from "@/lib/mapping/mapping-schema";
import type { AnalyticsSystem } from "@/lib/mapping/types";
import { savedOrDefaultMappings } from "@/lib/sync/push/mappings";

// The defaults a new installation pushes with live in lib/sync/push/mappings.ts, unexported;
// savedOrDefaultMappings answers them for an id no set is saved under. Sets are saved only under a
// real integration's id (a cuid, checked before every save), so this one never has a row.
const NO_SAVED_SET = "no-saved-set:defaults";

/** The default mappings of a Pendo or PX integration, as if nobody had saved any. */
export async function defaultMappings(integrationId: string, system: AnalyticsSystem): Promise<FieldMapping[]> {
  return (await savedOrDefaultMappings(NO_SAVED_SET, system)).map((m) => ({ ...m, integrationId }));
}
