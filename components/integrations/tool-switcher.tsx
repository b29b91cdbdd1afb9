import Link from "next/link";
import { clsx } from "clsx";
import { EmptyState } from "@/components/ui/card";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";

interface Tool {
  id: string;
  system: "SALESFORCE" | "PENDO" | "PX";
}

/**
 * A settings page kept per Pendo or PX connection: a switcher between the connected tools and the
 * page of the selected one, or a pointer to the Integrations page when none is connected.
 */
export function ToolSwitcher({ tools, selectedId, basePath, what, children }: { tools: Tool[]; selectedId: string | null; basePath: string; what: string; children: React.ReactNode }) {
  if (!selectedId) {
    return (
      <EmptyState
        title="No analytics tool is connected"
        action={
          <Link href="/integrations" className="text-sm font-medium text-brand-700 hover:underline">
            Connect Pendo or Gainsight PX
          </Link>
        }
      >
        {what} are set per Pendo or Gainsight PX connection.
      </EmptyState>
    );
  }
  return (
    <>
      <nav className="mb-4 flex gap-2" aria-label="Integration">
        {tools.map((t) => (
          <Link
            key={t.id}
            href={`${basePath}?integration=${t.id}`}
            aria-current={t.id === selectedId ? "page" : undefined}
            className={clsx("rounded-md px-3 py-1.5 text-sm font-medium", t.id === selectedId ? "bg-brand-600 text-white" : "bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50")}
          >
            {SYSTEM_LABEL[t.system]}
          </Link>
        ))}
      </nav>
      {children}
    </>
  );
}
