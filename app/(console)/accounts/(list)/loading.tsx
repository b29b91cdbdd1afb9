import { ListPageLoading } from "@/components/ui/list-page-loading";

export default function Loading() {
  return <ListPageLoading title="Accounts" what="accounts" />;
}
