// Offset paging over a list shown in groups (failed records before succeeded ones, active accounts
// before retired ones) without a CASE-ordered sort of the whole table: each group is read on its
// own indexed query, and this works out which groups a page spans. Cost: one count per group, then
// one query per group the page touches (usually one).

export interface GroupCount<K> {
  key: K;
  count: number;
}

export interface GroupSlice<K> {
  key: K;
  skip: number;
  take: number;
}

/** The slices of `groups` (in display order) that rows [offset, offset + limit) fall in. */
export function planPage<K>(groups: readonly GroupCount<K>[], offset: number, limit: number): GroupSlice<K>[] {
  const slices: GroupSlice<K>[] = [];
  let start = Math.max(0, offset);
  let wanted = Math.max(0, limit);
  for (const group of groups) {
    if (wanted === 0) break;
    if (start >= group.count) {
      start -= group.count;
      continue;
    }
    const take = Math.min(wanted, group.count - start);
    slices.push({ key: group.key, skip: start, take });
    wanted -= take;
    start = 0;
  }
  return slices;
}

export const pageCount = (total: number, pageSize: number): number => Math.max(1, Math.ceil(total / pageSize));
