// Error shapes. REST answers a JSON array of {message, errorCode, fields?}; record-level
// results (collections, composite, Bulk) carry {statusCode, message, fields}. Both come from
// the same two classes so every path speaks the vendor's format and never leaks a stack trace.

export interface RestErrorBody {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** A whole-request failure: HTTP status plus Salesforce's error array. */
export class SfApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
    readonly extraHeaders: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): RestErrorBody[] {
    const entry: RestErrorBody = { message: this.message, errorCode: this.errorCode };
    if (this.fields) entry.fields = this.fields;
    return [entry];
  }
}

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** A failure of one record in a DML operation. */
export class DmlError extends Error {
  readonly errors: RecordError[];

  constructor(statusCode: string, message: string, fields: string[] = []) {
    super(message);
    this.errors = [{ statusCode, message, fields }];
  }

  get statusCode(): string {
    return this.errors[0]?.statusCode ?? "UNKNOWN_EXCEPTION";
  }

  /** Single-record REST calls turn record errors into HTTP errors; "not found" kinds are 404. */
  toApiError(): SfApiError {
    const first = this.errors[0] ?? { statusCode: "UNKNOWN_EXCEPTION", message: this.message, fields: [] };
    const status = first.statusCode === "NOT_FOUND" || first.statusCode === "ENTITY_IS_DELETED" ? 404 : 400;
    return new SfApiError(status, first.statusCode, first.message, first.fields);
  }
}

export const notFound = (message = "The requested resource does not exist"): SfApiError =>
  new SfApiError(404, "NOT_FOUND", message);

export const sessionInvalid = (): SfApiError =>
  new SfApiError(401, "INVALID_SESSION_ID", "Session expired or invalid");

export const malformedQuery = (message: string): SfApiError => new SfApiError(400, "MALFORMED_QUERY", message);

export const invalidField = (message: string): SfApiError => new SfApiError(400, "INVALID_FIELD", message);

export function unsupportedType(name: string): SfApiError {
  return new SfApiError(
    400,
    "INVALID_TYPE",
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export function jsonParserError(detail: string): SfApiError {
  return new SfApiError(400, "JSON_PARSER_ERROR", detail);
}

/** Renders a zod-style issue list as one readable sentence. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
