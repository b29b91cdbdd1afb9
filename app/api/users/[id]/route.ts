import { route } from "@/lib/http/route";
import { updateUser } from "@/lib/users/manage-users";
import { updateUserSchema } from "@/lib/users/schemas";

export const PATCH = route({ permission: "users.manage", body: updateUserSchema }, async ({ body, user, ip, params }) => ({
  user: await updateUser(params.id ?? "", body, { actor: user, ip }),
}));
