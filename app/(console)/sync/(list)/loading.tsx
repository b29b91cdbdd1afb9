import { ListPageLoading } from "@/components/ui/list-page-loading";

export default function Loading() {
  return <ListPageLoading title="Sync history" what="runs" rows={8} />;
}
