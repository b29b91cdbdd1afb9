import { addDays, type Day } from "@/lib/usage/days";

// Who still uses the product, by the day each user was last active (a UsageUserDay row: the
// rollups hold a row only for a day with activity, as activeUsers7d counts them). The windows end
// on the tool's last ingested day, like the KPIs': active in the last 7 days; fading when last
// active 8 to 30 days ago; gone when last active 31 to 90 days ago. Users last seen before that
// are not counted at all: the account page and the QBR look back 90 days.

export type UserStatus = "active" | "fading" | "gone";

export const USER_STATUS_WINDOWS: Record<UserStatus, { fromDaysAgo: number; toDaysAgo: number }> = {
  active: { fromDaysAgo: 6, toDaysAgo: 0 },
  fading: { fromDaysAgo: 29, toDaysAgo: 7 },
  gone: { fromDaysAgo: 89, toDaysAgo: 30 },
};

/** The first day the classification reads: 90 days ending on `asOf`. */
export const userLookbackStart = (asOf: Day): Day => addDays(asOf, -USER_STATUS_WINDOWS.gone.fromDaysAgo);

/** A user's status from their last active day, or null when that day is outside the 90 days (or after `asOf`). */
export function userStatus(lastActive: Day, asOf: Day): UserStatus | null {
  if (lastActive > asOf) return null;
  for (const status of ["active", "fading", "gone"] as const) {
    if (lastActive >= addDays(asOf, -USER_STATUS_WINDOWS[status].fromDaysAgo)) return status;
  }
  return null;
}

export interface UserActivity {
  userId: string;
  lastActive: Day;
}

/** Users grouped by status, most recently active first within each (then by id, so the order is stable). Cost: O(n log n). */
export function groupUsersByStatus<U extends UserActivity>(users: readonly U[], asOf: Day): Record<UserStatus, U[]> {
  const groups: Record<UserStatus, U[]> = { active: [], fading: [], gone: [] };
  for (const u of users) {
    const status = userStatus(u.lastActive, asOf);
    if (status) groups[status].push(u);
  }
  const order = (a: U, b: U) => (a.lastActive === b.lastActive ? (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0) : a.lastActive > b.lastActive ? -1 : 1);
  for (const list of Object.values(groups)) list.sort(order);
  return groups;
}
