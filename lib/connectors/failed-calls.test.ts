import { describe, expect, it } from "vitest";
import { FailedCallLog, redactBody, trimBody } from "@/lib/connectors/failed-calls";

const call = (n: number) => ({ label: "PUT /users/{id}", method: "PUT", path: `/users/u${n}`, status: 404, request: { name: `u${n}` }, response: "not found", records: 1, refused: 1 });

describe("failed calls as sent", () => {
  it("replaces credentials: by JSON key at any depth, the connector's own secrets anywhere, bearer tokens and Salesforce session ids", () => {
    const body = { records: [{ Id: "001A", Name: "Acme", nested: { access_token: "abc", password: "hunter2" } }], apiKey: "k", sessionId: "s" };
    expect(JSON.parse(redactBody(body, []))).toEqual({ records: [{ Id: "001A", Name: "Acme", nested: { access_token: "[redacted]", password: "[redacted]" } }], apiKey: "[redacted]", sessionId: "[redacted]" });
    expect(redactBody("the key pendo-key-0123456789 was echoed", ["pendo-key-0123456789"])).toBe("the key [redacted] was echoed");
    expect(redactBody("Authorization: Bearer 00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAvrjlcnB", [])).toBe("Authorization: [redacted]");
    expect(redactBody("session 00Dxx0000001gPLAB!AR8AQJXg5oj8jXSgxJfA0lBog39AsXLVpxez in text", [])).toBe("session [redacted] in text");
  });

  it("keeps a JSON text byte for byte when nothing in it is secret, and short secrets never blank out ordinary words", () => {
    const text = '[ {"accountId": "acme",  "values": {"arr": 1}} ]';
    expect(redactBody(text, ["abc"])).toBe(text);
    expect(redactBody('{"token":"t"}', [])).toBe('{"token":"[redacted]"}');
    expect(redactBody(undefined, [])).toBe("");
  });

  it("trims a long body and says how much was cut", () => {
    expect(trimBody("abcdef", 10)).toBe("abcdef");
    expect(trimBody("x".repeat(12_345), 100)).toBe(`${"x".repeat(100)}\n… [trimmed: 12,245 more characters not kept]`);
  });

  it("keeps at most its limit over its life and notes the calls not kept on the last kept one, or on a note of its own", () => {
    const log = new FailedCallLog("px", () => [], 3);
    for (let n = 0; n < 2; n++) log.record(call(n));
    expect(log.drain().map((c) => [c.path, c.omitted])).toEqual([["/users/u0", 0], ["/users/u1", 0]]);
    for (let n = 2; n < 7; n++) log.record(call(n));
    expect(log.drain().map((c) => [c.path, c.omitted])).toEqual([["/users/u2", 4]]);
    log.record(call(7));
    expect(log.drain()).toEqual([{ system: "px", label: "(not kept)", method: "", path: "", status: null, request: "", response: "", records: 0, refused: 0, omitted: 1 }]);
    expect(log.drain()).toEqual([]);
  });
});
