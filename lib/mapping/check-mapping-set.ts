import { sourceKey, targetSide, type FieldMapping } from "@/lib/mapping/mapping-schema";

export interface MappingSetProblem {
  /** Positions in the list given, of the mappings the problem is about. */
  indexes: number[];
  code: "TARGET_MAPPED_TWICE" | "OWNER_REQUIRED" | "OWNERS_DISAGREE" | "OWNER_BLOCKS_WRITE";
  message: string;
}

const OWNER_WORD = { salesforce: "Salesforce", analytics: "the analytics tool" } as const;

/**
 * Conflicts between the mappings of one or more integrations, checked before any of them is saved:
 *  - one target field written by two mappings of the same direction (which value would win?);
 *  - a field mapped both ways (Salesforce field S pulled into tool field T, and T pushed back into
 *    S) must name its owner, the same on both mappings: the owner's side is only read, so a value
 *    never bounces between the two;
 *  - an owner on a one-way mapping that names the side it writes would stop it from ever writing.
 * Cost: O(n) over the list.
 */
export function checkMappingSet(mappings: readonly FieldMapping[]): MappingSetProblem[] {
  const problems: MappingSetProblem[] = [];
  const scope = (m: FieldMapping) => `${m.integrationId}\u0000${m.entity}`;

  const byTarget = new Map<string, number[]>();
  mappings.forEach((m, i) => {
    const key = `${scope(m)}\u0000${m.direction}\u0000${m.targetField.toLowerCase()}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), i]);
  });
  for (const indexes of byTarget.values()) {
    if (indexes.length < 2) continue;
    const m = mappings[indexes[0]!]!;
    problems.push({ indexes, code: "TARGET_MAPPED_TWICE", message: `${m.targetField} is the target of ${indexes.length} ${m.direction} mappings. Keep one and remove the others.` });
  }

  // A pull S → T pairs with a push T → S. Salesforce names compare without case, as Salesforce does.
  const pulls = new Map<string, number>();
  mappings.forEach((m, i) => {
    if (m.direction === "pull-from-salesforce" && m.source.kind === "field") pulls.set(`${scope(m)}\u0000${m.source.field.toLowerCase()}\u0000${m.targetField}`, i);
  });
  const paired = new Set<number>();
  mappings.forEach((push, i) => {
    if (push.direction !== "push-to-salesforce" || push.source.kind !== "field") return;
    const j = pulls.get(`${scope(push)}\u0000${push.targetField.toLowerCase()}\u0000${push.source.field}`);
    if (j === undefined) return;
    paired.add(i).add(j);
    const pull = mappings[j]!;
    const pair = `Salesforce field ${push.targetField} and ${push.source.field} are mapped both ways`;
    if (!push.owner || !pull.owner) {
      problems.push({ indexes: [j, i], code: "OWNER_REQUIRED", message: `${pair}. Choose which side owns them (salesforce or analytics) on both mappings; the other side will only read.` });
    } else if (push.owner !== pull.owner) {
      problems.push({ indexes: [j, i], code: "OWNERS_DISAGREE", message: `${pair}, but the two mappings name different owners. Name the same owner on both.` });
    }
  });

  mappings.forEach((m, i) => {
    if (paired.has(i) || !m.owner || m.owner !== targetSide(m.direction)) return;
    problems.push({
      indexes: [i],
      code: "OWNER_BLOCKS_WRITE",
      message: `The ${m.direction} mapping into ${m.targetField} names ${OWNER_WORD[m.owner]} as owner, the side it writes, so it would never write. Clear the owner (it is only needed for a field mapped both ways: ${sourceKey(m.source)} ↔ ${m.targetField}).`,
    });
  });
  return problems;
}
