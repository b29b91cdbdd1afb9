import { describeVendorError, VendorError } from "@/lib/connectors/errors";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/** The sentence a run or step shows for a failure: the vendor's or ours, never a stack trace. */
export function stepFailureMessage(error: unknown, what: string): string {
  if (error instanceof VendorError) return describeVendorError(error);
  if (error instanceof AppError) return error.message;
  logger.error({ err: error instanceof Error ? (error.stack ?? error.message) : String(error) }, `${what} failed unexpectedly`);
  return `The ${what} stopped on an unexpected error; it is logged on the worker. Run it again to resume.`;
}
