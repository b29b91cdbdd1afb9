import { parse } from "csv-parse/sync";
import type { SalesforceFieldValue } from "@/lib/connectors/salesforce/write-results";

// Bulk API 2.0 CSV, the dialect Clearinghouse declares on every ingest job (columnDelimiter
// COMMA, lineEnding LF). Salesforce's conventions that differ from JSON:
// - an empty cell leaves the field as it is; `#N/A` sets it to null (documented for Bulk 2.0
//   ingest, and what the emulator does: see emulators/salesforce/dml.ts, CSV_NULL);
// - booleans are true/false, numbers are plain decimals (no exponent), date-times ISO 8601.
// So `null` and "" (which the REST API also stores as null for text) both become `#N/A`, and a
// field left out of one record is an empty cell for it. The text "#N/A" itself cannot be written
// through Bulk: it would clear the field.

export const BULK_NULL = "#N/A";

const plainDecimal = new Intl.NumberFormat("en-US", { useGrouping: false, maximumFractionDigits: 20 });

/** `1e21` and `1e-7` as digits: String() switches to exponent notation past those. */
function plainNumber(n: number): string {
  const text = String(n);
  return /e/i.test(text) ? plainDecimal.format(n) : text;
}

/**
 * The cell text for one value, before quoting. Non-finite numbers and invalid dates are refused
 * earlier (unsendableValue); they throw here rather than turn into text Salesforce would store.
 */
export function bulkCellText(value: SalesforceFieldValue | undefined): string {
  if (value === undefined) return "";
  if (value === null || value === "") return BULK_NULL;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`cannot write ${value} to Salesforce`);
    return plainNumber(value);
  }
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Quotes a cell when CSV needs it (delimiter, quote, line break) or when edge spaces could be trimmed. */
export function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(",");
}

/** Rows of a CSV text (header included), quotes and embedded line breaks undone. */
export function parseCsvRows(text: string): string[][] {
  if (text.trim() === "") return [];
  return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

export interface BulkRowError {
  code: string;
  message: string;
  fields: string[];
}

const CODE = /^[A-Z][A-Z0-9_]*$/;
const FIELD_LIST = /^[A-Za-z0-9_.]+(,[A-Za-z0-9_.]+)*$/;

/**
 * A Bulk 2.0 `sf__Error` cell: `CODE:message:Field1,Field2 --`, e.g.
 * `REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --`. Messages contain colons
 * themselves, so the code is what comes before the first one and the fields what comes after
 * the last one, when that looks like a field list. Only the first error of a row is kept.
 */
export function parseBulkError(cell: string): BulkRowError {
  const first = cell.split(/\s--\s*/).map((part) => part.trim()).find((part) => part !== "") ?? "";
  const text = first.endsWith("--") ? first.slice(0, -2).trimEnd() : first;
  const colon = text.indexOf(":");
  const head = colon < 0 ? text : text.slice(0, colon);
  if (!CODE.test(head)) return { code: "UNKNOWN_EXCEPTION", message: text || "Salesforce gave no reason", fields: [] };
  const rest = colon < 0 ? "" : text.slice(colon + 1);
  const last = rest.lastIndexOf(":");
  if (last >= 0) {
    const tail = rest.slice(last + 1).trim();
    if (tail === "" || FIELD_LIST.test(tail)) {
      return { code: head, message: rest.slice(0, last).trim() || head, fields: tail === "" ? [] : tail.split(",") };
    }
  }
  return { code: head, message: rest.trim() || head, fields: [] };
}
