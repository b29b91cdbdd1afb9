import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { GroupContext } from "@/lib/sharing-groups/save-sharing-group";

// Adds a user to a group. Admins are not members by role: an admin who adds themselves is audited
// like anyone else (seed 003: who could see public-sector accounts must be answerable).
// Idempotent: adding a member twice changes nothing and writes no second audit entry.

export async function addGroupMember(groupId: string, userId: string, ctx: GroupContext): Promise<{ added: boolean; message: string }> {
  return db.$transaction(async (tx) => {
    const [group, user] = await Promise.all([
      tx.sharingGroup.findUnique({ where: { id: groupId }, select: { name: true } }),
      tx.user.findUnique({ where: { id: userId }, select: { email: true } }),
    ]);
    if (!group) throw new AppError("NOT_FOUND", "There is no such sharing group: it may have been deleted. Reload the page.");
    if (!user) throw new AppError("INVALID_INPUT", "There is no such user. Pick one from the list, or add them on the Users page first.", { userId: "Not a user" });
    const created = await tx.sharingGroupMember.createMany({ data: [{ groupId, userId, addedBy: ctx.actor?.email ?? "command line" }], skipDuplicates: true });
    if (created.count === 0) return { added: false, message: `${user.email} is already a member of ${group.name}.` };
    await recordAudit(tx, { actor: ctx.actor, action: "sharingGroup.addMember", targetType: "SharingGroup", targetId: groupId, after: { group: group.name, member: user.email }, ip: ctx.ip });
    return { added: true, message: `${user.email} now sees the accounts of ${group.name}.` };
  });
}
