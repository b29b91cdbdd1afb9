// What one pull did, per object, as shown in sync history and printed by `cli pull`.
export interface ObjectStats {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  deleted: number;
  merged: number;
}

export type PullStats = Record<string, ObjectStats>;

export const emptyStats = (): ObjectStats => ({ read: 0, created: 0, updated: 0, unchanged: 0, removed: 0, deleted: 0, merged: 0 });

export function statsFor(stats: PullStats, object: string): ObjectStats {
  return (stats[object] ??= emptyStats());
}

export function mergeCalls(into: Record<string, number>, more: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
  return into;
}
