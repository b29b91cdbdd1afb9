// SOQL error messages in Salesforce's format: the query line echoed with a caret under the
// offending token, then "ERROR at Row:r:Column:c" and the message.

import { SfApiError } from "../errors";

export class QueryErrors {
  constructor(readonly soql: string) {}

  /** Salesforce echoes the query line with a caret under the offending token. */
  at(errorCode: string, token: string | undefined, message: string, status = 400): SfApiError {
    if (token) {
      const lines = this.soql.split("\n");
      const needle = token.toLowerCase();
      for (let row = 0; row < lines.length; row++) {
        const col = lines[row]!.toLowerCase().indexOf(needle);
        if (col >= 0) {
          return new SfApiError(
            status,
            errorCode,
            `\n${lines[row]}\n${" ".repeat(col)}^\nERROR at Row:${row + 1}:Column:${col + 1}\n${message}`,
          );
        }
      }
    }
    return new SfApiError(status, errorCode, message);
  }

  malformed(message: string, token?: string): SfApiError {
    return this.at("MALFORMED_QUERY", token, message);
  }

  field(token: string, message: string): SfApiError {
    return this.at("INVALID_FIELD", token, message);
  }
}

/** Turns a soql-parser-js (chevrotain) error into Salesforce's "unexpected token" wording. */
export function parserMessage(err: unknown): { message: string; token?: string } {
  const text = err instanceof Error ? err.message : String(err);
  const found = /but found[: -]*-->\s*'(.*?)'\s*<--/.exec(text) ?? /but found: '(.*?)'/.exec(text);
  if (found) {
    const token = found[1] ?? "";
    return token === "" ? { message: "unexpected token: <EOF>" } : { message: `unexpected token: ${token}`, token };
  }
  return { message: text.split("\n")[0] ?? "unexpected token" };
}

