import { route } from "@/lib/http/route";
import { resetPassword } from "@/lib/users/manage-users";

export const POST = route({ permission: "users.manage" }, async ({ user, ip, params }) =>
  resetPassword(params.id ?? "", { actor: user, ip }),
);
