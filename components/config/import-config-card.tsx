"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/http/api-client";
import type { ImportPreview } from "@/lib/config/preview-import";
import type { AppliedSchedule, Rematch } from "@/lib/config/apply-import";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { ImportPreviewView } from "@/components/config/import-preview";

/** The server reads at most 1 MB per request (lib/http/input-guards.ts MAX_BODY_BYTES). */
const MAX_REQUEST_BYTES = 1_000_000;

interface ImportAnswer {
  applied: boolean;
  preview: ImportPreview;
  rematches: Rematch[];
  /** Present once applied: the schedules saved, with a sentence when their scheduler waits for Redis. */
  schedules?: AppliedSchedule[];
  /** Present once applied: set when the CSM field changed and the accounts' CSMs were queued to push into it. */
  csmPushes?: { queued: number } | null;
}

interface Chosen {
  name: string;
  /** What is sent: the parsed file (compact), or its text when it is not JSON, so the server can say why. */
  config: unknown;
}

function tooLarge(name: string, bytes: number): string {
  return `${name} is ${(bytes / 1_000_000).toFixed(1)} MB, and the console accepts at most 1 MB. A configuration Clearinghouse exports is a few kB: check that this is the right file.`;
}

/** Reads the chosen file; the size is checked on the request as it will be sent (a file of spaces parses small). */
async function readChosen(file: File): Promise<Chosen | { error: string }> {
  if (file.size > 10 * MAX_REQUEST_BYTES) return { error: tooLarge(file.name, file.size) };
  const text = await file.text();
  let config: unknown = text;
  try {
    config = JSON.parse(text);
  } catch {
    // Sent as text: the preview answers with what is wrong and where.
  }
  const bytes = new TextEncoder().encode(JSON.stringify({ config, apply: true })).length;
  if (bytes > MAX_REQUEST_BYTES) return { error: tooLarge(file.name, bytes) };
  return { name: file.name, config };
}

function AppliedNotice({ answer }: { answer: ImportAnswer }) {
  const n = answer.preview.changes;
  const delayed = (answer.schedules ?? []).filter((s) => s.delayed);
  return (
    <Alert tone={answer.rematches.some((r) => !r.runId) || delayed.length > 0 ? "amber" : "green"}>
      <p>{n === 0 ? "Nothing to change: this installation already has this configuration." : `Applied ${n} ${n === 1 ? "change" : "changes"}. Each section is in the audit log.`}</p>
      {answer.rematches.map((r) =>
        r.runId ? (
          <p key={r.system}>
            Matching rules of {r.system === "PX" ? "Gainsight PX" : "Pendo"} changed: re-matching.{" "}
            <Link href={`/sync/${r.runId}`} className="font-medium underline">
              Follow the run
            </Link>
          </p>
        ) : (
          <p key={r.system}>{r.error}</p>
        ),
      )}
      {delayed.length > 0 && <p>Schedules saved, not yet running on the new times: {delayed[0]!.delayed}</p>}
      {answer.csmPushes && answer.csmPushes.queued > 0 && (
        <p>
          CSM field changed: {answer.csmPushes.queued} account CSM{answer.csmPushes.queued === 1 ? "" : "s"} set in Clearinghouse {answer.csmPushes.queued === 1 ? "is" : "are"} being pushed to it.
        </p>
      )}
    </Alert>
  );
}

export function ImportConfigCard() {
  const inputId = useId();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const preview = useMutation({ mutationFn: (config: unknown) => api<ImportAnswer>("/api/config/import", { method: "POST", body: { config } }) });
  const apply = useMutation({ mutationFn: (config: unknown) => api<ImportAnswer>("/api/config/import", { method: "POST", body: { config, apply: true } }) });

  const choose = async (file: File | undefined) => {
    setChosen(null);
    setFileError(null);
    preview.reset();
    apply.reset();
    if (!file) return;
    const read = await readChosen(file);
    if ("error" in read) return setFileError(read.error);
    setChosen(read);
    preview.mutate(read.config);
  };
  const shown = preview.data?.preview;
  const error = fileError ?? (preview.error ?? apply.error)?.message ?? null;

  return (
    <Card>
      <h2 className="text-base font-semibold text-slate-900">Import configuration</h2>
      <p className="mt-1 text-sm text-slate-600">
        Choose a file exported from this or another installation. Nothing changes until you apply it: first you see, section by section, what it would change here.
      </p>
      <div className="mt-4">
        <label htmlFor={inputId} className="text-sm font-medium text-slate-700">
          Configuration file
        </label>
        <input
          key={inputKey}
          id={inputId}
          type="file"
          accept="application/json,.json"
          className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
          onChange={(e) => void choose(e.target.files?.[0])}
        />
      </div>
      {preview.isPending && <p className="mt-3 text-sm text-slate-500">Checking {chosen?.name}…</p>}
      {error && (
        <div className="mt-3">
          <Alert>{error}</Alert>
        </div>
      )}
      {shown && !apply.data && (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <ImportPreviewView preview={shown} />
          <div className="mt-4 flex flex-wrap items-center gap-2">
            {shown.ok && shown.changes > 0 && (
              <Button onClick={() => chosen && apply.mutate(chosen.config)} disabled={apply.isPending}>
                {apply.isPending ? "Applying…" : `Apply ${shown.changes} ${shown.changes === 1 ? "change" : "changes"}`}
              </Button>
            )}
            {shown.ok && shown.changes === 0 && <p className="text-sm text-slate-600">Nothing to change: this installation already has this configuration.</p>}
          </div>
        </div>
      )}
      {apply.data && (
        <div className="mt-4 space-y-3">
          <AppliedNotice answer={apply.data} />
          <Button
            variant="secondary"
            onClick={() => {
              setChosen(null);
              preview.reset();
              apply.reset();
              setInputKey((k) => k + 1);
            }}
          >
            Import another file
          </Button>
        </div>
      )}
    </Card>
  );
}
