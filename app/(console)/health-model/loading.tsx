import { ListPageLoading } from "@/components/ui/list-page-loading";

export default function Loading() {
  return <ListPageLoading title="Health model" what="the health model" />;
}
