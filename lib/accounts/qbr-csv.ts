import { csvCell } from "@/lib/matching/exceptions-csv";
import type { QbrSummary } from "@/lib/accounts/qbr";

// The QBR summary as one CSV a spreadsheet can pivot: one row per figure, "long" rather than one
// table per section, so every row has the same columns. Text goes through csvCell (a cell that
// would run as a formula is made inert); numbers are written as numbers, unformatted, so a
// spreadsheet reads them in any locale. Days are ISO (YYYY-MM-DD) for the same reason.

export const QBR_CSV_HEADER = ["section", "item", "from", "to", "value", "unit", "detail"] as const;

type Row = { section: string; item: string; from?: string | null; to?: string | null; value?: number | null; unit?: string; detail?: string | null };

const num = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? "" : String(n));
const line = (r: Row) => [csvCell(r.section), csvCell(r.item), csvCell(r.from ?? ""), csvCell(r.to ?? ""), num(r.value), csvCell(r.unit ?? ""), csvCell(r.detail ?? "")].join(",");
const person = (p: { name: string | null; email: string | null; userId: string }) => (p.name && p.email ? `${p.name} <${p.email}>` : (p.name ?? p.email ?? p.userId));

export function qbrCsvRows(q: QbrSummary): Row[] {
  const rows: Row[] = [];
  const period = q.period;
  rows.push({ section: "account", item: "Salesforce account", detail: `${q.account.name ?? "(no name)"} (${q.account.id})` });
  rows.push({ section: "account", item: "CSM", detail: q.csm ? (q.csm.name ?? q.csm.email ?? q.csm.userId) : "none in Salesforce" });
  rows.push({ section: "account", item: "Period", from: period?.from, to: period?.to, detail: q.tool ? `usage from ${q.tool.label}` : "no usage tracked" });

  if (q.health.now) {
    rows.push({ section: "health", item: "Score now", from: q.health.now.day, to: q.health.now.day, value: q.health.now.score, unit: "points", detail: [q.health.now.colour, q.health.now.overridden ? "overridden" : null].filter(Boolean).join(", ") });
  }
  for (const p of q.health.points) rows.push({ section: "health", item: "Computed score", from: p.day, to: p.day, value: p.score, unit: "points", detail: `${p.colour ?? "no score"}, model version ${p.modelVersion}` });
  for (const m of q.health.markers) rows.push({ section: "health", item: "Model version change", from: m.day, to: m.day, value: m.to, unit: "version", detail: `from version ${m.from}` });

  if (q.adoption) {
    for (const w of q.adoption.weeks) rows.push({ section: "adoption", item: "Weekly active users", from: w.from, to: w.to, value: w.activeUsers, unit: "users", detail: `${w.activeDays} active days` });
    rows.push({ section: "adoption", item: "Active users in the period", from: period?.from, to: period?.to, value: q.adoption.activeUsers, unit: "users" });
  }
  if (q.features) {
    q.features.top.forEach((f, i) => rows.push({ section: "features", item: f.name, from: period?.from, to: period?.to, value: f.clicks, unit: "clicks", detail: `#${i + 1}; used on ${f.days} days${f.tracked ? "" : "; no longer tracked"}` }));
    rows.push({ section: "features", item: "Tracked features used", from: period?.from, to: period?.to, value: q.features.used, unit: "features", detail: `of ${q.features.tracked} tracked; ${q.features.unusedCount} unused` });
  }
  if (q.users) {
    for (const status of ["active", "fading", "gone"] as const) rows.push({ section: "users", item: `Users ${status}`, to: period?.to, value: q.users.counts[status], unit: "users", detail: STATUS_DETAIL[status] });
    for (const u of q.users.mostActive) rows.push({ section: "users", item: person(u), from: period?.from, to: period?.to, value: u.activeDays, unit: "active days", detail: `last active ${u.lastActive}` });
  }
  if (q.nps) {
    for (const p of q.nps.periods) rows.push({ section: "nps", item: "NPS", from: p.from, to: p.to, value: p.score, unit: "points", detail: npsDetail(p) });
    rows.push({ section: "nps", item: "NPS over the period", from: period?.from, to: period?.to, value: q.nps.total.score, unit: "points", detail: npsDetail(q.nps.total) });
    for (const c of q.nps.comments) rows.push({ section: "nps comment", item: person(c), from: c.day, to: c.day, value: c.score, unit: "score 0-10", detail: c.comment });
  }
  return rows;
}

const STATUS_DETAIL = { active: "active in the last 7 days", fading: "last active 8 to 30 days ago", gone: "last active 31 to 90 days ago" } as const;
const npsDetail = (t: { responses: number; promoters: number; passives: number; detractors: number }) =>
  `${t.responses} responses: ${t.promoters} promoters, ${t.passives} passives, ${t.detractors} detractors`;

export function qbrCsv(q: QbrSummary): string {
  return [QBR_CSV_HEADER.join(","), ...qbrCsvRows(q).map(line)].map((l) => `${l}\r\n`).join("");
}
