import { ListPageLoading } from "@/components/ui/list-page-loading";

export default function Loading() {
  return <ListPageLoading title="Alerts" what="alerts" rows={8} />;
}
