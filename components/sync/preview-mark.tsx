import { Badge } from "@/components/ui/card";

/** Beside a preview in lists (sync history): its counts are what would have been written, not what was. */
export function PreviewMark() {
  return (
    <span className="mt-1 block" data-testid="preview-mark">
      <Badge tone="blue">Preview — nothing was written</Badge>
    </span>
  );
}
