import { route } from "@/lib/http/route";
import { auditFilterSchema, listAuditActions, listAuditEntries } from "@/lib/audit/list-audit";

export const GET = route({ permission: "audit.read", query: auditFilterSchema }, async ({ query }) => {
  const [page, actions] = await Promise.all([listAuditEntries(query), listAuditActions()]);
  return { ...page, actions };
});
