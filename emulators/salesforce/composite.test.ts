// /composite (references between subrequests, allOrNone rollback) and /composite/batch.

import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "./server";
import { connect, startTestEmulator } from "./test-helpers";

let emu: RunningEmulator;
let conn: Connection;

beforeAll(async () => {
  emu = await startTestEmulator();
  conn = await connect(emu);
});

afterAll(async () => {
  await emu.close();
});

interface CompositeResponse {
  compositeResponse: Array<{ body: unknown; httpStatusCode: number; referenceId: string }>;
}

function post<T>(path: string, body: unknown): Promise<T> {
  return conn.request<T>({
    method: "POST",
    url: `/services/data/v62.0${path}`,
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
}

describe("composite", () => {
  it("resolves @{ref.id} references between subrequests", async () => {
    const res = await post<CompositeResponse>("/composite", {
      allOrNone: true,
      compositeRequest: [
        { method: "POST", url: "/services/data/v62.0/sobjects/Account", referenceId: "acct", body: { Name: "Composite Co" } },
        { method: "POST", url: "/services/data/v62.0/sobjects/Contact", referenceId: "ct", body: { LastName: "Ref", AccountId: "@{acct.id}" } },
        { method: "GET", url: "/services/data/v62.0/query?q=SELECT+Id+FROM+Contact+WHERE+AccountId='@{acct.id}'", referenceId: "q" },
      ],
    });
    expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 201, 200]);
    expect(res.compositeResponse[2]!.body).toMatchObject({ totalSize: 1 });
  });

  it("rolls back every subrequest with allOrNone when one fails", async () => {
    const res = await post<CompositeResponse>("/composite", {
      allOrNone: true,
      compositeRequest: [
        { method: "POST", url: "/services/data/v62.0/sobjects/Account", referenceId: "a1", body: { Name: "Rollback Co" } },
        { method: "POST", url: "/services/data/v62.0/sobjects/Contact", referenceId: "c1", body: { FirstName: "No last name" } },
      ],
    });
    expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([400, 400]);
    expect(res.compositeResponse[0]!.body).toEqual([
      { errorCode: "PROCESSING_HALTED", message: "The transaction was rolled back since another operation in the same transaction failed." },
    ]);
    expect((res.compositeResponse[1]!.body as Array<{ errorCode: string }>)[0]!.errorCode).toBe("REQUIRED_FIELD_MISSING");
    expect((await conn.query("SELECT COUNT() FROM Account WHERE Name = 'Rollback Co'")).totalSize).toBe(0);
  });
});

describe("composite/batch", () => {
  it("runs independent subrequests and halts on error when asked", async () => {
    const created = (await conn.sobject("Account").create({ Name: "Batch Co" })) as { id: string };
    const res = await post<{ hasErrors: boolean; results: Array<{ statusCode: number; result: unknown }> }>("/composite/batch", {
      haltOnError: true,
      batchRequests: [
        { method: "PATCH", url: `v62.0/sobjects/Account/${created.id}`, richInput: { Name: "Batch Co 2" } },
        { method: "GET", url: `v62.0/sobjects/Account/${created.id}?fields=Name` },
        { method: "GET", url: "v62.0/sobjects/Account/001000000000000AAA" },
        { method: "GET", url: "v62.0/limits" },
      ],
    });
    expect(res.hasErrors).toBe(true);
    expect(res.results.map((r) => r.statusCode)).toEqual([204, 200, 404, 412]);
    expect(res.results[1]!.result).toMatchObject({ Name: "Batch Co 2" });
  });
});
