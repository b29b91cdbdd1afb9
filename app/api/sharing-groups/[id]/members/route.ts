import { route } from "@/lib/http/route";
import { addGroupMember } from "@/lib/sharing-groups/add-group-member";
import { removeGroupMember } from "@/lib/sharing-groups/remove-group-member";
import { groupParamsSchema, memberInputSchema } from "@/lib/sharing-groups/schemas";

// Membership is by user id in the body, so adding and removing are one address.
export const POST = route({ permission: "sharing.manage", params: groupParamsSchema, body: memberInputSchema }, async ({ params, body, user, ip }) =>
  addGroupMember(params.id, body.userId, { actor: user, ip }),
);

export const DELETE = route({ permission: "sharing.manage", params: groupParamsSchema, body: memberInputSchema }, async ({ params, body, user, ip }) =>
  removeGroupMember(params.id, body.userId, { actor: user, ip }),
);
