"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/http/api-client";
import { THRESHOLD_RULE_KEYS, THRESHOLD_RULES, type AlertSettingsView } from "@/lib/alerts/settings-schema";
import type { ChannelTest } from "@/lib/alerts/send-test";
import { bodyFromDraft, draftFromView, draftProblems, type AlertSettingsDraft } from "@/components/alerts/settings-draft";
import { useUnsavedWarning } from "@/components/mapping/use-unsaved-warning";
import { Alert, Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";

const LEAVE_WARNING = "Your alert settings are not saved. Leave this page and lose them?";

const small = "block w-24 rounded-md border px-2 py-1 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-600";

export function AlertSettingsForm({ initial }: { initial: AlertSettingsView }) {
  const [view, setView] = useState(initial);
  const [draft, setDraft] = useState<AlertSettingsDraft>(() => draftFromView(initial));
  const [notice, setNotice] = useState<string | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftFromView(view));
  useUnsavedWarning(dirty, LEAVE_WARNING);

  const save = useMutation({
    mutationFn: () => api<{ view: AlertSettingsView; message: string }>("/api/alerts/settings", { method: "PUT", body: bodyFromDraft(draft) }),
    onSuccess: (saved) => {
      setView(saved.view);
      setDraft(draftFromView(saved.view));
      setNotice(saved.message);
    },
  });
  const test = useMutation({ mutationFn: () => api<{ webhook: ChannelTest | null; email: ChannelTest | null }>("/api/alerts/settings/test", { method: "POST" }) });

  const edit = (change: Partial<AlertSettingsDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setNotice(null);
    setLocal({});
    save.reset();
    test.reset();
  };
  const fieldError = (path: string) => local[path] ?? (save.error instanceof ApiError ? save.error.fields[path] : undefined);
  const submit = () => {
    const problems = draftProblems(draft);
    setLocal(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Card>
        <h2 className="text-base font-semibold text-slate-900">Rules</h2>
        <p className="mt-1 text-sm text-slate-600">
          Leave a level empty and the rule never reaches it. A rule is judged after every run and every 5 minutes; each change of state is notified once.
        </p>
        <div className="mt-3 overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="py-2 pr-3 font-medium">Rule</th>
                <th className="py-2 pr-3 font-medium">On</th>
                <th className="py-2 pr-3 font-medium">Warning</th>
                <th className="py-2 pr-3 font-medium">Critical</th>
                <th className="py-2 font-medium">Measured in</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {THRESHOLD_RULE_KEYS.map((key) => {
                const meta = THRESHOLD_RULES[key];
                const rule = draft.rules[key];
                const set = (change: Partial<typeof rule>) => edit({ rules: { ...draft.rules, [key]: { ...rule, ...change } } });
                const input = (level: "warning" | "critical") => {
                  const error = fieldError(`rules.${key}.${level}`);
                  return (
                    <td className="py-2 pr-3 align-top">
                      <input
                        aria-label={`${meta.title}: ${level === "warning" ? "Warning" : "Critical"} threshold`}
                        inputMode="decimal"
                        value={rule[level]}
                        disabled={!rule.enabled}
                        onChange={(e) => set({ [level]: e.target.value })}
                        aria-invalid={error ? true : undefined}
                        className={`${small} ${error ? "border-red-500" : "border-slate-300"} disabled:bg-slate-50`}
                      />
                      {error && <p className="mt-1 max-w-40 text-xs text-red-600">{error}</p>}
                    </td>
                  );
                };
                return (
                  <tr key={key}>
                    <td className="py-2 pr-3 align-top">
                      <p className="font-medium text-slate-800">{meta.title}</p>
                      <p className="max-w-md text-xs text-slate-500">{meta.help}</p>
                    </td>
                    <td className="py-2 pr-3 align-top">
                      <input type="checkbox" aria-label={`${meta.title}: on`} checked={rule.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
                    </td>
                    {input("warning")}
                    {input("critical")}
                    <td className="py-2 align-top text-xs text-slate-600">
                      {meta.comparison === "below" ? "below " : meta.comparison === "above" ? "above " : "at least "}
                      {meta.unit}
                    </td>
                  </tr>
                );
              })}
              <tr>
                <td className="py-2 pr-3 align-top">
                  <p className="font-medium text-slate-800">Reconnect needed</p>
                  <p className="max-w-md text-xs text-slate-500">Salesforce refused the stored sign-in: syncs stop until someone reconnects.</p>
                </td>
                <td className="py-2 pr-3 align-top">
                  <input
                    type="checkbox"
                    aria-label="Reconnect needed: on"
                    checked={draft.reconnect.enabled}
                    onChange={(e) => edit({ reconnect: { ...draft.reconnect, enabled: e.target.checked } })}
                  />
                </td>
                <td colSpan={3} className="py-2 align-top">
                  <select
                    aria-label="Reconnect needed: level"
                    value={draft.reconnect.level}
                    disabled={!draft.reconnect.enabled}
                    onChange={(e) => edit({ reconnect: { ...draft.reconnect, level: e.target.value === "WARNING" ? "WARNING" : "CRITICAL" } })}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                  >
                    <option value="WARNING">Warning</option>
                    <option value="CRITICAL">Critical</option>
                  </select>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </Card>

      <Card>
        <h2 className="text-base font-semibold text-slate-900">Webhook</h2>
        <p className="mt-1 text-sm text-slate-600">
          Each notification is posted as <code className="rounded bg-slate-100 px-1">{'{"text": "…"}'}</code>, the JSON of Slack&apos;s incoming webhooks (Mattermost and most chat tools accept it too).
        </p>
        <label className="mt-3 flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={draft.webhookOn} onChange={(e) => edit({ webhookOn: e.target.checked })} />
          Send notifications to a webhook
        </label>
        {draft.webhookOn && (
          <TextField
            className="mt-3 max-w-xl"
            label="Webhook address"
            type="url"
            autoComplete="off"
            placeholder={view.webhook ? `Saved (${view.webhook.host}): leave empty to keep it` : "https://hooks.slack.com/services/…"}
            value={draft.webhookUrl}
            onChange={(e) => edit({ webhookUrl: e.target.value })}
            error={fieldError("webhook.url")}
            hint="https only. Stored encrypted; it is never shown again."
          />
        )}
      </Card>

      <Card>
        <h2 className="text-base font-semibold text-slate-900">Email</h2>
        <label className="mt-2 flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={draft.emailOn} onChange={(e) => edit({ emailOn: e.target.checked })} />
          Send notifications by email (SMTP)
        </label>
        {draft.emailOn && (
          <div className="mt-3 grid max-w-3xl gap-3 sm:grid-cols-2">
            <TextField label="SMTP server" value={draft.host} onChange={(e) => edit({ host: e.target.value })} error={fieldError("email.host")} placeholder="smtp.example.com" />
            <div className="grid grid-cols-2 gap-3">
              <TextField label="Port" inputMode="numeric" value={draft.port} onChange={(e) => edit({ port: e.target.value })} error={fieldError("email.port")} />
              <SelectField
                label="Security"
                value={draft.security}
                onChange={(e) => edit({ security: e.target.value === "tls" ? "tls" : e.target.value === "none" ? "none" : "starttls" })}
                error={fieldError("email.security")}
                options={[
                  { value: "starttls", label: "STARTTLS (587)" },
                  { value: "tls", label: "TLS (465)" },
                  { value: "none", label: "None (local relay)" },
                ]}
              />
            </div>
            <TextField label="User name" autoComplete="off" value={draft.user} onChange={(e) => edit({ user: e.target.value })} error={fieldError("email.user")} hint="Empty for a server that needs none." />
            <div>
              <TextField
                label="Password"
                type="password"
                autoComplete="new-password"
                value={draft.password}
                disabled={draft.removePassword}
                placeholder={view.email?.passwordSet ? "Saved: leave empty to keep it" : ""}
                onChange={(e) => edit({ password: e.target.value })}
                error={fieldError("email.password")}
                hint="Stored encrypted; it is never shown again."
              />
              {view.email?.passwordSet && (
                <label className="mt-1 flex items-center gap-2 text-xs text-slate-700">
                  <input type="checkbox" checked={draft.removePassword} onChange={(e) => edit({ removePassword: e.target.checked, password: "" })} />
                  Remove the saved password
                </label>
              )}
            </div>
            <TextField label="From" type="email" value={draft.from} onChange={(e) => edit({ from: e.target.value })} error={fieldError("email.from")} placeholder="clearinghouse@example.com" />
            <TextField
              label="To"
              value={draft.to}
              onChange={(e) => edit({ to: e.target.value })}
              error={fieldError("email.to") ?? Object.entries(save.error instanceof ApiError ? save.error.fields : {}).find(([k]) => k.startsWith("email.to."))?.[1]}
              hint="Up to 20 addresses, separated by commas."
            />
          </div>
        )}
      </Card>

      {save.error && <Alert>{save.error.message}</Alert>}
      {notice && <Alert tone="green">{notice}</Alert>}
      {test.data && (
        <Alert tone={[test.data.webhook, test.data.email].some((r) => r && !r.ok) ? "red" : "green"}>
          {test.data.webhook && <span className="block">Webhook: {test.data.webhook.message}</span>}
          {test.data.email && <span className="block">Email: {test.data.email.message}</span>}
        </Alert>
      )}
      {test.error && <Alert>{test.error.message}</Alert>}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={save.isPending || !dirty}>
          {save.isPending ? "Saving…" : "Save alert settings"}
        </Button>
        <Button variant="secondary" disabled={dirty || test.isPending || (!view.webhook && !view.email)} onClick={() => test.mutate()}>
          {test.isPending ? "Sending…" : "Send a test"}
        </Button>
        {dirty && <span className="text-xs text-slate-500">Save first to test the channels as saved.</span>}
        {view.updatedAt && !dirty && <span className="text-xs text-slate-500">Last saved by {view.updatedBy ?? "someone"}.</span>}
      </div>
    </form>
  );
}
