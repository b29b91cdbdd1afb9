import { db } from "@/lib/db";
import type { SharingGroupView } from "@/lib/sharing-groups/sharing-group-view";

// Every sharing group with its members and how many accounts it protects now. The count is a pass
// over the accounts per group: an admin page, a handful of groups. An admin sees the counts of
// groups they are not in: what a rule protects is theirs to manage, the accounts stay hidden.

export async function listSharingGroups(): Promise<SharingGroupView[]> {
  const groups = await db.sharingGroup.findMany({
    orderBy: { name: "asc" },
    include: { members: { include: { user: { select: { email: true, name: true, role: true, active: true } } } } },
  });
  const counts = await Promise.all(
    groups.map((g) => db.$queryRaw<[{ n: number }]>`SELECT count(*)::int AS "n" FROM "SfAccount" a WHERE (a."fields"->>${g.fieldName}) = ${g.fieldValue}`),
  );
  return groups.map((g, i) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    fieldName: g.fieldName,
    fieldValue: g.fieldValue,
    protectedAccounts: counts[i]![0].n,
    members: g.members
      .map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.user.role, active: m.user.active, addedAt: m.addedAt.toISOString(), addedBy: m.addedBy }))
      .sort((a, b) => a.email.localeCompare(b.email)),
    updatedAt: g.updatedAt.toISOString(),
  }));
}
