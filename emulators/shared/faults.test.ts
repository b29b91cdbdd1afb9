import { describe, expect, it } from "vitest";
import { FaultInjector, formatFaultSpec, parseFaultSpec, type FaultRule } from "./faults";

describe("parseFaultSpec", () => {
  it("parses the documented example", () => {
    expect(parseFaultSpec("unavailable:rate=0.05;lock:nth=3;slow:ms=500,rate=0.1;rate:path=/composite,every=10")).toEqual([
      { kind: "unavailable", rate: 0.05 },
      { kind: "lock", nth: 3 },
      { kind: "slow", ms: 500, rate: 0.1 },
      { kind: "rate", path: "/composite", every: 10 },
    ]);
  });

  it("accepts bare kinds, whitespace and empty parts", () => {
    expect(parseFaultSpec(" drop ; ; expired-token:nth=1 ")).toEqual([{ kind: "drop" }, { kind: "expired-token", nth: 1 }]);
    expect(parseFaultSpec("")).toEqual([]);
  });

  it("keeps '=' inside a path value", () => {
    expect(parseFaultSpec("limit:path=/query?q=SELECT")).toEqual([{ kind: "limit", path: "/query?q=SELECT" }]);
  });

  it.each([
    ["explode:rate=1", /unknown fault kind "explode"/],
    ["lock:rate=2", /rate must be a number between 0 and 1.*"2"/],
    ["lock:nth=0", /nth must be a positive integer/],
    ["lock:every=1.5", /every must be a positive integer/],
    ["slow:ms=-1", /ms must be a non-negative integer/],
    ["slow:color=red", /unknown option "color"/],
    ["slow:ms", /expected key=value/],
    ["lock:path=", /path must not be empty/],
  ])("rejects %s with a message naming the bad part", (spec, message) => {
    expect(() => parseFaultSpec(spec)).toThrow(message);
    expect(() => parseFaultSpec(spec)).toThrow(spec.split(";")[0]!);
  });

  it("round-trips through formatFaultSpec", () => {
    const rules = parseFaultSpec("unavailable:rate=0.25;timeout:ms=10,path=/jobs;drop:every=4");
    expect(parseFaultSpec(formatFaultSpec(rules))).toEqual(rules);
  });
});

function run(injector: FaultInjector, calls: number, path = "/services/data/v62.0/query"): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (let i = 0; i < calls; i++) out.push(injector.next({ method: "GET", path })?.kind);
  return out;
}

describe("FaultInjector", () => {
  it("is reproducible for the same seed and differs across seeds", () => {
    const rules = parseFaultSpec("unavailable:rate=0.3;slow:rate=0.2,ms=5");
    const a = run(new FaultInjector(rules, 42), 200);
    const b = run(new FaultInjector(rules, 42), 200);
    const c = run(new FaultInjector(rules, 7), 200);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const unavailable = a.filter((k) => k === "unavailable").length;
    expect(unavailable).toBeGreaterThan(30);
    expect(unavailable).toBeLessThan(90);
  });

  it("fires nth once and every periodically", () => {
    const nth = run(new FaultInjector(parseFaultSpec("lock:nth=3"), 1), 6);
    expect(nth).toEqual([undefined, undefined, "lock", undefined, undefined, undefined]);
    const every = run(new FaultInjector(parseFaultSpec("rate:every=2"), 1), 6);
    expect(every).toEqual([undefined, "rate", undefined, "rate", undefined, "rate"]);
  });

  it("counts only requests whose path matches", () => {
    const injector = new FaultInjector(parseFaultSpec("limit:path=/composite,nth=2"), 1);
    expect(injector.next({ method: "GET", path: "/services/data/v62.0/query" })).toBeUndefined();
    expect(injector.next({ method: "POST", path: "/services/data/v62.0/composite/sobjects" })).toBeUndefined();
    expect(injector.next({ method: "GET", path: "/services/data/v62.0/limits" })).toBeUndefined();
    expect(injector.next({ method: "POST", path: "/services/data/v62.0/composite/sobjects" })?.kind).toBe("limit");
  });

  it("returns the first rule that fires and a copy of it", () => {
    const rules: FaultRule[] = [
      { kind: "slow", ms: 10 },
      { kind: "drop" },
    ];
    const injector = new FaultInjector(rules, 3);
    const fired = injector.next({ method: "GET", path: "/x" });
    expect(fired).toEqual({ kind: "slow", ms: 10 });
    fired!.ms = 99;
    expect(injector.getRules()[0]).toEqual({ kind: "slow", ms: 10 });
  });

  it("restarts counters and the random sequence on setRules", () => {
    const rules = parseFaultSpec("unavailable:rate=0.5");
    const injector = new FaultInjector(rules, 9);
    const first = run(injector, 50);
    injector.setRules(rules);
    expect(run(injector, 50)).toEqual(first);
  });
});
