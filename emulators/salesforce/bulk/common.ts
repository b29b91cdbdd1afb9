// Shared Bulk API 2.0 pieces: CSV dialects, job bookkeeping and the job-info JSON.

import { parse } from "csv-parse/sync";
import { SfApiError } from "../errors";

export const DELIMITERS: Record<string, string> = {
  COMMA: ",",
  TAB: "\t",
  PIPE: "|",
  SEMICOLON: ";",
  CARET: "^",
  BACKQUOTE: "`",
};

export type ColumnDelimiter = keyof typeof DELIMITERS;
export type LineEnding = "LF" | "CRLF";

export type JobState = "Open" | "UploadComplete" | "InProgress" | "JobComplete" | "Failed" | "Aborted";

export function bulkError(status: number, errorCode: string, message: string): SfApiError {
  return new SfApiError(status, errorCode, message);
}

export function parseCsv(text: string, delimiter: ColumnDelimiter): string[][] {
  return parse(text, {
    delimiter: DELIMITERS[delimiter] ?? ",",
    bom: true,
    relax_column_count: false,
    skip_empty_lines: true,
  }) as string[][];
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Every value double-quoted, as Salesforce writes result and query CSVs. */
export function csvLine(values: ReadonlyArray<string>, delimiter: ColumnDelimiter): string {
  const d = DELIMITERS[delimiter] ?? ",";
  let out = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += d;
    out += quote(values[i]!);
  }
  return out;
}

export function eol(lineEnding: LineEnding): string {
  return lineEnding === "CRLF" ? "\r\n" : "\n";
}

/** Timer bookkeeping so that closing the emulator stops background job processing. */
export class JobScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  after(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}
