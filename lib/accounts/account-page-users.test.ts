import { describe, expect, it } from "vitest";
import { groupUsersByStatus, userLookbackStart, userStatus } from "@/lib/accounts/account-page-users";

const asOf = "2026-11-30";

describe("userStatus", () => {
  it("is active for an event in the 7 days ending on the as-of day", () => {
    expect(userStatus("2026-11-30", asOf)).toBe("active");
    expect(userStatus("2026-11-24", asOf)).toBe("active");
  });

  it("is fading when last active 8 to 30 days ago", () => {
    expect(userStatus("2026-11-23", asOf)).toBe("fading");
    expect(userStatus("2026-11-01", asOf)).toBe("fading");
  });

  it("is gone when last active 31 to 90 days ago, and nothing before that or after the as-of day", () => {
    expect(userStatus("2026-10-31", asOf)).toBe("gone");
    expect(userStatus("2026-09-02", asOf)).toBe("gone");
    expect(userLookbackStart(asOf)).toBe("2026-09-02");
    expect(userStatus("2026-09-01", asOf)).toBeNull();
    expect(userStatus("2026-12-01", asOf)).toBeNull();
  });
});

describe("groupUsersByStatus", () => {
  it("groups users and lists the most recently active first, ties by id", () => {
    const users = [
      { userId: "b", lastActive: "2026-11-29" },
      { userId: "a", lastActive: "2026-11-29" },
      { userId: "c", lastActive: "2026-11-30" },
      { userId: "d", lastActive: "2026-11-10" },
      { userId: "e", lastActive: "2026-10-01" },
      { userId: "f", lastActive: "2026-08-01" },
    ];
    const groups = groupUsersByStatus(users, asOf);
    expect(groups.active.map((u) => u.userId)).toEqual(["c", "a", "b"]);
    expect(groups.fading.map((u) => u.userId)).toEqual(["d"]);
    expect(groups.gone.map((u) => u.userId)).toEqual(["e"]);
  });
});
