import { describe, expect, it } from "vitest";
import { accountExportSchema, accountFilterSchema, activeView, describeFilter, filterParams, parseAccountFilter, sortParams, SAVED_VIEWS } from "@/lib/accounts/list-filter";

const parse = (input: Record<string, string>) => accountFilterSchema.parse(input);

describe("account list parameters", () => {
  it("defaults to the worst health first, 50 a page, and reads a GET form's empty fields as unset", () => {
    expect(parse({})).toEqual({ sort: "score", page: 1, pageSize: 50 });
    expect(parse({ q: "", colour: "", segment: "", csm: "", renewingIn: "", sort: "", dir: "" })).toEqual({ sort: "score", page: 1, pageSize: 50 });
    expect(parse({ renewingIn: "90", csm: "005000000000001AAA", colour: "red" })).toMatchObject({ renewingIn: 90, csm: "005000000000001AAA", colour: "red" });
  });

  it("refuses what no list can mean", () => {
    for (const bad of [{ colour: "purple" }, { sort: "size" }, { dir: "up" }, { renewingIn: "0" }, { renewingIn: "3651" }, { csm: "bob" }, { q: "a\u0000b" }, { segment: "x".repeat(256) }, { pageSize: "101" }]) {
      expect(accountFilterSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(accountExportSchema.safeParse({ page: "2" }).success).toBe(true);
    expect(accountExportSchema.parse({ page: "2" })).not.toHaveProperty("page");
  });

  it("keeps the parameters that parse and names the ones it ignored", () => {
    expect(parseAccountFilter({ colour: "red", page: "x", sort: ["a", "b"], unknown: "1" })).toEqual({ filter: { colour: "red", sort: "score", page: 1, pageSize: 50 }, ignored: ["sort", "page"] });
  });

  it("writes the filter back as parameters without defaults", () => {
    expect(filterParams(parse({}))).toEqual({ q: undefined, colour: undefined, segment: undefined, csm: undefined, renewingIn: undefined, sort: undefined, dir: undefined });
    expect(filterParams(parse({ sort: "arr", dir: "desc", renewingIn: "30" }))).toMatchObject({ sort: "arr", dir: undefined, renewingIn: "30" });
    expect(filterParams(parse({ sort: "arr", dir: "asc" }))).toMatchObject({ sort: "arr", dir: "asc" });
  });

  it("a column's sort link flips the current sort and starts another at its natural direction", () => {
    expect(sortParams(parse({}), "score")).toMatchObject({ sort: undefined, dir: "desc" });
    expect(sortParams(parse({ dir: "desc" }), "score")).toMatchObject({ sort: undefined, dir: undefined });
    expect(sortParams(parse({ colour: "red" }), "arr")).toMatchObject({ sort: "arr", dir: undefined, colour: "red" });
    expect(sortParams(parse({ sort: "arr" }), "arr")).toMatchObject({ sort: "arr", dir: "asc" });
  });

  it("recognises the saved views, whichever way the renewal view is sorted", () => {
    for (const view of SAVED_VIEWS) expect(activeView(parse(view.params))).toBe(view.key);
    expect(activeView(parse({ renewingIn: "90", sort: "renewal", dir: "desc" }))).toBe("renewing");
    expect(activeView(parse({ colour: "red", segment: "SMB" }))).toBeNull();
    expect(activeView(parse({}))).toBeNull();
  });

  it("says what the filter asks for", () => {
    expect(describeFilter(parse({ colour: "none", segment: "SMB", csm: "005000000000001AAA", renewingIn: "1", q: "acme" }), "Ada")).toEqual([
      "no health score",
      "segment SMB",
      "CSM Ada",
      "a renewal date in the next 1 day",
      "a name containing “acme” or an id starting with it",
    ]);
    expect(describeFilter(parse({ csm: "me" }))).toEqual(["you as CSM"]);
    expect(describeFilter(parse({ csm: "none", renewingIn: "90" }))).toEqual(["no CSM", "a renewal date in the next 90 days"]);
  });
});
