import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Why } from "@/components/exceptions/why";

// "Why" names the Salesforce records a criterion found (issue "Hardening": ambiguous candidates
// were shown as raw ids only).

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");
const tried = [
  { criterion: "Salesforce account ID", outcome: "none", key: "x" },
  { criterion: "Name", outcome: "many", key: "acme", candidates: ["001A", "001B", "001C"], note: "3 Salesforce records" },
];

describe("Why", () => {
  it("shows each candidate's name with its id, and the id alone when the name is unknown", () => {
    const html = renderToStaticMarkup(createElement(Why, { tried, salesforceId: null, sharedWith: [], names: { "001A": "Acme Corp", "001B": "Acme Inc" } }));
    expect(text(html)).toContain("Name: found several “acme” (3 Salesforce records) → Acme Corp (001A), Acme Inc (001B), 001C");
  });

  it("names the Salesforce record several analytics records resolve to", () => {
    const html = renderToStaticMarkup(createElement(Why, { tried: [], salesforceId: "001A", sharedWith: ["p-1", "p-2"], names: { "001A": "Acme Corp" } }));
    expect(text(html)).toContain("Also resolving to Acme Corp (001A): p-1, p-2");
  });
});

describe("the pin dialog's candidates", () => {
  it("lists each candidate by name and id, marking the one filled in", async () => {
    const { PinCandidates } = await import("@/components/exceptions/exception-actions");
    const html = renderToStaticMarkup(createElement(PinCandidates, { suggestions: ["001A", "001C"], names: { "001A": "Acme Corp" }, selected: "001A", onPick: () => {} }));
    expect(text(html)).toContain("Acme Corp (001A)");
    expect(text(html)).toContain("001C");
    expect(html).toMatch(/aria-pressed="true"[^>]*><span>Acme Corp/);
  });
});
