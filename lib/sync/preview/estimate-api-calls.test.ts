import { describe, expect, it } from "vitest";
import { BULK_JOB_CALLS, writeCalls } from "@/lib/sync/preview/estimate-api-calls";

const sizes = { bulkThreshold: 2000 };

describe("writeCalls", () => {
  it("counts one sObject Collections call per 200 Salesforce records up to the bulk threshold", () => {
    expect(writeCalls("salesforce", 0, sizes)).toBe(0);
    expect(writeCalls("salesforce", 1, sizes)).toBe(1);
    expect(writeCalls("salesforce", 200, sizes)).toBe(1);
    expect(writeCalls("salesforce", 201, sizes)).toBe(2);
    expect(writeCalls("salesforce", 2000, sizes)).toBe(10);
  });

  it("counts one Bulk API job above the threshold, whatever its size", () => {
    expect(writeCalls("salesforce", 2001, sizes)).toBe(BULK_JOB_CALLS);
    expect(writeCalls("salesforce", 250_000, sizes)).toBe(BULK_JOB_CALLS);
    expect(writeCalls("salesforce", 11, { bulkThreshold: 10 })).toBe(BULK_JOB_CALLS);
  });

  it("counts one Pendo metadata request per batch and one PX PUT per record", () => {
    expect(writeCalls("pendo", 1, sizes)).toBe(1);
    expect(writeCalls("pendo", 1000, sizes)).toBe(1);
    expect(writeCalls("pendo", 1001, sizes)).toBe(2);
    expect(writeCalls("pendo", 10, { ...sizes, pendoBatch: 3 })).toBe(4);
    expect(writeCalls("px", 0, sizes)).toBe(0);
    expect(writeCalls("px", 240, sizes)).toBe(240);
  });
});
