import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { Table, type Column } from "@/components/ui/table";
import { LocalTime } from "@/components/sync/local-time";
import { NoData, Section } from "@/components/accounts/account-page/section";
import type { ViewerFormat } from "@/lib/accounts/account-page-format";
import type { LinkedRecord, SalesforceFields, SalesforceFieldValue } from "@/lib/accounts/account-page-records";
import { isDay } from "@/lib/usage/days";

const NUMBER_TYPES = new Set(["double", "currency", "int", "long"]);

/** A pulled value in the viewer's conventions, by the field's describe type; as pulled when the type is unknown. */
function FieldValue({ f, fmt }: { f: SalesforceFieldValue & { value: string }; fmt: ViewerFormat }) {
  const n = Number(f.value);
  if (f.type && NUMBER_TYPES.has(f.type) && f.value.trim() !== "" && Number.isFinite(n)) return <span className="tabular-nums">{fmt.number(n, 2)}</span>;
  if (f.type === "percent" && f.value.trim() !== "" && Number.isFinite(n)) return <span className="tabular-nums">{fmt.percent(n, 2)}</span>;
  if (f.type === "date" && isDay(f.value)) return <>{fmt.day(f.value)}</>;
  if (f.type === "datetime" && !Number.isNaN(Date.parse(f.value))) return <LocalTime iso={new Date(f.value).toISOString()} />;
  if (f.type === "boolean" && (f.value === "true" || f.value === "false")) return <>{f.value === "true" ? "yes" : "no"}</>;
  return <span className="break-all">{f.value}</span>;
}

const linkColumns: Column<LinkedRecord>[] = [
  { key: "tool", header: "Tool", cell: (l) => l.tool },
  {
    key: "account",
    header: "Account",
    cell: (l) => (
      <>
        <div className={l.removedAt ? "text-slate-500 line-through" : "font-medium text-slate-900"}>{l.name ?? "(no name)"}</div>
        <div className="font-mono text-xs text-slate-500">{l.analyticsId}</div>
        {l.website && <div className="text-xs text-slate-500">{l.website}</div>}
      </>
    ),
  },
  {
    key: "criterion",
    header: "Linked by",
    cell: (l) => (
      <>
        <Badge tone="blue">{l.criterion}</Badge>
        {l.key && <span className="ml-1 font-mono text-xs text-slate-600">{l.key}</span>}
      </>
    ),
  },
  { key: "matched", header: "Linked at", cell: (l) => <LocalTime iso={l.matchedAt.toISOString()} /> },
  {
    key: "state",
    header: "In the tool",
    cell: (l) =>
      l.removedAt ? (
        <span className="text-xs text-amber-800">
          Not found by its last full pull (<LocalTime iso={l.removedAt.toISOString()} />)
        </span>
      ) : l.lastSeenAt ? (
        <span className="text-xs text-slate-600">
          Last seen <LocalTime iso={l.lastSeenAt.toISOString()} />
        </span>
      ) : (
        <span className="text-xs text-slate-500">present</span>
      ),
  },
];

const fieldColumns = (fmt: ViewerFormat): Column<SalesforceFieldValue>[] => [
  {
    key: "field",
    header: "Field",
    cell: (f) => (
      <>
        <div className="text-slate-900">{f.label ?? f.name}</div>
        <div className="font-mono text-xs text-slate-500">{f.name}</div>
      </>
    ),
  },
  {
    key: "value",
    header: "Value",
    cell: (f) =>
      f.value === null ? (
        <span className="text-slate-400">empty</span>
      ) : (
        <>
          <FieldValue f={{ ...f, value: f.value }} fmt={fmt} />
          {f.user && <div className="text-xs text-slate-600">{f.user.name ?? f.user.email ?? "a Salesforce user"}{f.user.name && f.user.email ? ` (${f.user.email})` : ""}</div>}
        </>
      ),
  },
  { key: "type", header: "Type", cell: (f) => <span className="text-xs text-slate-600">{f.type ?? "—"}</span> },
];

export function AccountRecords({ links, salesforce, fmt }: { links: LinkedRecord[]; salesforce: SalesforceFields; fmt: ViewerFormat }) {
  return (
    <>
      <Section id="links" title="Linked Pendo and Gainsight PX accounts" description="The analytics accounts matching linked to this Salesforce account, and the criterion that linked each.">
        {links.length === 0 ? (
          <NoData testId="links-empty">
            No Pendo or Gainsight PX account is linked to this account.{" "}
            <Link href="/exceptions" className="font-medium text-brand-700 hover:underline">
              Link one on Exceptions
            </Link>{" "}
            (pin it by hand), or add a matching rule that finds it.
          </NoData>
        ) : (
          <Table label="Linked analytics accounts" columns={linkColumns} rows={links} rowKey={(l) => `${l.system}:${l.analyticsId}`} rowTestId="linked-record" empty="" />
        )}
      </Section>
      <Section
        id="salesforce"
        title="Salesforce fields"
        description={`The fields of the Salesforce ${salesforce.object} the pull brought into the hub.${
          salesforce.describedAt ? "" : " Labels are missing because the object's fields were never described: Refresh fields on the Salesforce card of Integrations."
        }`}
      >
        <Table
          label="Salesforce fields"
          columns={fieldColumns(fmt)}
          rows={salesforce.fields}
          rowKey={(f) => f.name}
          rowTestId="salesforce-field"
          empty="The pull brought no field beyond the name and website. Choose the fields to pull on the Salesforce card of Integrations."
        />
      </Section>
    </>
  );
}
