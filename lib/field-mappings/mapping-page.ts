import { db } from "@/lib/db";
import { requireAnalyticsIntegration } from "@/lib/matching/matching-page";
import type { FieldMapping } from "@/lib/mapping/mapping-schema";
import { PREFIX_RULE, PUSH_PREFIX } from "@/lib/mapping/prefix-rule";
import { SYSTEM_LABEL, type AnalyticsSystem } from "@/lib/mapping/types";
import { savedOrDefaultMappings } from "@/lib/sync/push/mappings";
import { mappingFields } from "@/lib/field-mappings/mapping-fields";
import { checkMappingRows, type EntityFields, type RowProblem } from "@/lib/field-mappings/mapping-rows";

// What the Map fields page shows for one Pendo or PX integration.

export interface MappingView {
  integrationId: string;
  system: AnalyticsSystem;
  title: string;
  /** The prefix every push target must carry, and the vendor's rule, quoted when one is refused. */
  prefix: string;
  prefixRule: string;
  /** The saved set, or the defaults while nobody has saved one. */
  mappings: FieldMapping[];
  isDefault: boolean;
  /** The fields each side offers, per entity. */
  entities: EntityFields[];
  /** What is wrong with the mappings above against today's field lists (a field deleted since…). */
  problems: RowProblem[];
  /** Why a field list is empty, with what to do. */
  missing: string[];
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The Pendo or PX integration with this id, with its system in the mapping rules' words; 404 otherwise. */
export async function requireMappedIntegration(integrationId: string): Promise<{ id: string; system: AnalyticsSystem }> {
  const integration = await requireAnalyticsIntegration(integrationId);
  return { id: integration.id, system: integration.system === "PENDO" ? "pendo" : "px" };
}

export async function mappingView(integrationId: string): Promise<MappingView> {
  const { system } = await requireMappedIntegration(integrationId);
  const [saved, mappings, fields] = await Promise.all([
    db.fieldMappingSet.findUnique({ where: { integrationId }, select: { updatedAt: true, updatedBy: true } }),
    savedOrDefaultMappings(integrationId, system),
    mappingFields(integrationId, system),
  ]);
  const { problems } = checkMappingRows(system, integrationId, mappings, fields.entities);
  return {
    integrationId,
    system,
    title: SYSTEM_LABEL[system],
    prefix: PUSH_PREFIX[system],
    prefixRule: PREFIX_RULE[system],
    mappings,
    isDefault: saved === null,
    entities: fields.entities,
    problems,
    missing: fields.missing,
    updatedAt: saved?.updatedAt.toISOString() ?? null,
    updatedBy: saved?.updatedBy ?? null,
  };
}
