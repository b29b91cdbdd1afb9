"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import type { MappingDirection, MappingOwner } from "@/lib/mapping/mapping-schema";
import type { MappingView } from "@/lib/field-mappings/mapping-page";
import { checkMappingRows, ENTITIES, pairedRows, refusalMessage, type Entity, type RowProblem } from "@/lib/field-mappings/mapping-rows";
import { Alert, Badge, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EntityMappings } from "@/components/mapping/entity-mappings";
import { draftsFromMappings, newDraft, rowsChanged, rowsForSave, type DraftRow } from "@/components/mapping/draft-rows";
import { useUnsavedWarning } from "@/components/mapping/use-unsaved-warning";

const LEAVE_WARNING = "Your field mapping changes are not saved. Leave this page and lose them?";

/** Opens on the tab that holds mappings: pushes, when nothing is pulled yet. */
function firstTabs(rows: DraftRow[]): Record<Entity, MappingDirection> {
  const pick = (entity: Entity) =>
    rows.some((r) => r.entity === entity && r.direction === "pull-from-salesforce") || !rows.some((r) => r.entity === entity) ? "pull-from-salesforce" : "push-to-salesforce";
  return { account: pick("account"), contact: pick("contact") };
}

export function MappingEditor({ initial }: { initial: MappingView }) {
  const [view, setView] = useState(initial);
  const [rows, setRows] = useState(() => draftsFromMappings(initial.mappings));
  const [tabs, setTabs] = useState(() => firstTabs(rows));
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [confirmRestore, setConfirmRestore] = useState(false);

  // The same checks the server runs on save, on every change, so a refused pair says why at once.
  const checked = useMemo(() => checkMappingRows(view.system, view.integrationId, rowsForSave(rows), view.entities), [rows, view]);
  const problems = useMemo(() => {
    const byRow = new Map<number, RowProblem[]>();
    for (const p of checked.problems) byRow.set(p.index, [...(byRow.get(p.index) ?? []), p]);
    return byRow;
  }, [checked]);
  const pairs = useMemo(() => pairedRows(rows), [rows]);
  const dirty = rowsChanged(rows, view.mappings);
  useUnsavedWarning(dirty, LEAVE_WARNING);

  const settle = (next: MappingView, text: string) => {
    setView(next);
    setRows(draftsFromMappings(next.mappings));
    setFocusKey(null);
    setRefused(null);
    setNotice(text);
  };
  const save = useMutation({
    mutationFn: () => api<MappingView>(`/api/mappings/${view.integrationId}`, { method: "PUT", body: { mappings: rowsForSave(rows) } }),
    onSuccess: (next) => settle(next, `Saved: ${next.mappings.length} mapping${next.mappings.length === 1 ? "" : "s"} for ${next.title}. The next Synchronize uses them.`),
  });
  const restore = useMutation({
    mutationFn: () => api<MappingView>(`/api/mappings/${view.integrationId}`, { method: "PUT", body: { restoreDefaults: true } }),
    onSuccess: (next) => {
      settle(next, `Defaults restored: ${next.mappings.length} mapping${next.mappings.length === 1 ? "" : "s"}. The next Synchronize uses them.`);
      setTabs(firstTabs(draftsFromMappings(next.mappings)));
    },
  });

  const edit = (next: DraftRow[]) => {
    setRows(next);
    setNotice(null);
    setRefused(null);
    save.reset();
    restore.reset();
  };
  const onSave = () => {
    if (checked.problems.length > 0) {
      // Show the first refused row: its tab may not be the one open.
      const first = rows[checked.problems[0]!.index];
      if (first) setTabs((t) => ({ ...t, [first.entity]: first.direction }));
      setNotice(null);
      setRefused(refusalMessage(rowsForSave(rows), checked, view.system));
      return;
    }
    save.mutate();
  };
  const error = save.error ?? restore.error;
  const busy = save.isPending || restore.isPending;

  return (
    <div className="space-y-4">
      <Card>
        <p className="text-sm text-slate-700">
          {view.title} writes only Salesforce fields whose API name starts with <code className="rounded bg-slate-100 px-1">{view.prefix}</code> and that the
          connected Salesforce user may edit; every other field belongs to Salesforce and is never written. {view.title}&apos;s rule: &ldquo;{view.prefixRule}
          &rdquo; A pair must also hold the same kind of value on both sides (text, number, date and time, or true/false).
        </p>
        {view.missing.length > 0 && (
          <div className="mt-3">
            <Alert tone="amber">
              {view.missing.join(" ")}{" "}
              <Link href="/integrations" className="font-medium underline">
                Open Integrations
              </Link>
            </Alert>
          </div>
        )}
      </Card>

      {ENTITIES.map((entity) => (
        <EntityMappings
          key={entity}
          entity={entity}
          system={view.system}
          prefix={view.prefix}
          fields={view.entities.find((e) => e.entity === entity)}
          rows={rows}
          problems={problems}
          notes={checked.notes}
          pairs={pairs}
          tab={tabs[entity]}
          onTab={(direction) => {
            setTabs((t) => ({ ...t, [entity]: direction }));
            // A row shown again after a tab switch does not take the focus again.
            setFocusKey(null);
          }}
          focusKey={focusKey}
          onRow={(index, row) => edit(rows.map((r, i) => (i === index ? row : r)))}
          onOwner={(index, owner: MappingOwner | null) => {
            // Both mappings of a pair must name the same owner: set it on both at once.
            const partner = pairs.get(index);
            edit(rows.map((r, i) => (i === index || i === partner ? { ...r, owner } : r)));
          }}
          onRemove={(index) => edit(rows.filter((_, i) => i !== index))}
          onAdd={(direction) => {
            const row = newDraft(entity, direction);
            setFocusKey(row.key);
            edit([...rows, row]);
          }}
        />
      ))}

      <Card>
        <div className="flex flex-wrap items-center gap-2">
          <Button onClick={onSave} disabled={busy}>
            {save.isPending ? "Saving…" : "Save mappings"}
          </Button>
          <Button variant="secondary" onClick={() => setConfirmRestore(true)} disabled={busy || (view.isDefault && !dirty)}>
            Restore defaults
          </Button>
          {dirty && (
            <span className="text-xs font-medium text-amber-700" data-testid="unsaved">
              Unsaved changes
            </span>
          )}
          {view.isDefault ? (
            <Badge>Defaults: nobody has saved mappings yet</Badge>
          ) : (
            view.updatedAt && (
              <span className="text-xs text-slate-500">
                Last saved <time dateTime={view.updatedAt}>{view.updatedAt.slice(0, 16).replace("T", " ")} UTC</time> by {view.updatedBy ?? "someone"}
              </span>
            )
          )}
        </div>
        {notice && (
          <div className="mt-3">
            <Alert tone="green">{notice}</Alert>
          </div>
        )}
        {(refused ?? error) && (
          <div className="mt-3">
            <Alert>{refused ?? error?.message}</Alert>
          </div>
        )}
      </Card>

      <Dialog
        open={confirmRestore}
        onOpenChange={setConfirmRestore}
        title="Restore the default mappings?"
        description={
          view.isDefault
            ? `Your unsaved changes are dropped and the defaults Clearinghouse ships for ${view.title} stay in use.`
            : `The saved mappings are replaced by the defaults Clearinghouse ships for ${view.title}; later versions' defaults then apply as they come. This is recorded in the audit log.`
        }
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmRestore(false)}>
            Cancel
          </Button>
          <Button
            onClick={() => {
              setConfirmRestore(false);
              restore.mutate();
            }}
          >
            Restore defaults
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
