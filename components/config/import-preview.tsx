import type { ConfigChange } from "@/lib/config/diff-config";
import type { ImportPreview } from "@/lib/config/preview-import";
import { Alert, Badge } from "@/components/ui/card";

const CHANGE = {
  added: { tone: "green", word: "Added" },
  removed: { tone: "red", word: "Removed" },
  changed: { tone: "amber", word: "Changed" },
} as const;

const STATE = {
  changed: { tone: "amber", word: "changes" },
  unchanged: { tone: "slate", word: "no change" },
  "not-in-file": { tone: "slate", word: "not in the file: left as it is" },
} as const;

function ChangeRow({ change }: { change: ConfigChange }) {
  const { tone, word } = CHANGE[change.kind];
  return (
    <li className="flex flex-wrap items-baseline gap-2 py-1 text-sm">
      <Badge tone={tone}>{word}</Badge>
      <span className="font-medium text-slate-800">{change.item}</span>
      {change.kind === "changed" && change.before !== undefined ? (
        <span className="text-slate-600">
          <span className="line-through decoration-slate-400">{change.before}</span> → {change.after}
        </span>
      ) : (
        (change.after ?? change.before) && <span className="text-slate-600">{change.after ?? change.before}</span>
      )}
    </li>
  );
}

/** What an import would change, per section, and every problem that stops it, each with where in the file. */
export function ImportPreviewView({ preview }: { preview: ImportPreview }) {
  return (
    <div className="space-y-4" data-testid="config-preview">
      {preview.problems.length > 0 && (
        <Alert>
          <p className="font-medium">
            {preview.problems.length === 1 ? "This file cannot be imported:" : `This file cannot be imported; fix these ${preview.problems.length} problems and choose it again:`}
          </p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {preview.problems.map((p, i) => (
              <li key={i}>
                {p.path && <code className="mr-1 rounded bg-red-100 px-1 text-xs">{p.path}</code>}
                {p.path ? p.message.replace(`At ${p.path}: `, "") : p.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {preview.exportedAt && <p className="text-xs text-slate-500">File exported {preview.exportedAt.slice(0, 16).replace("T", " ")} UTC.</p>}
      {preview.sections.map((s) => (
        <section key={s.key} aria-label={s.title}>
          <h3 className="flex items-center gap-2 text-sm font-semibold text-slate-800">
            {s.title}
            <Badge tone={STATE[s.state].tone}>{s.state === "changed" ? `${s.changes.length} ${s.changes.length === 1 ? "change" : "changes"}` : STATE[s.state].word}</Badge>
          </h3>
          {s.changes.length > 0 && <ul className="mt-1 divide-y divide-slate-100">{s.changes.map((c, i) => <ChangeRow key={i} change={c} />)}</ul>}
        </section>
      ))}
    </div>
  );
}
