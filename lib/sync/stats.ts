// What one pull step did, per object, as shown in sync history and printed by `cli pull`.
// A type (not an interface) so it fits the run model's generic per-object counts.
export type ObjectStats = {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  deleted: number;
  merged: number;
};

export type PullStats = Record<string, ObjectStats>;

export const emptyStats = (): ObjectStats => ({ read: 0, created: 0, updated: 0, unchanged: 0, removed: 0, deleted: 0, merged: 0 });

export function statsFor(stats: Record<string, Record<string, number>>, object: string): ObjectStats {
  return (stats[object] ??= emptyStats()) as ObjectStats;
}
