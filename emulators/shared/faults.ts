// Seeded fault injection shared by the Salesforce, Pendo and PX emulators.
//
// A spec string lists rules separated by ";", each `kind[:key=value,key=value...]`, e.g.
//   "unavailable:rate=0.05;lock:nth=3;slow:ms=500,rate=0.1;rate:path=/composite,every=10"
// Each emulator decides what a kind looks like on its own wire; this module only decides
// *whether* a request gets a fault, reproducibly: the same seed and the same sequence of
// calls always give the same faults, so a failing test can be replayed exactly.

export type FaultKind = "unavailable" | "lock" | "limit" | "rate" | "expired-token" | "timeout" | "drop" | "slow";

export interface FaultRule {
  kind: FaultKind;
  /** probability 0..1 that a matching call gets the fault */
  rate?: number;
  /** fire on the Nth matching call only (1-based) */
  nth?: number;
  /** fire on every Nth matching call (N, 2N, ...) */
  every?: number;
  /** only requests whose path contains this string */
  path?: string;
  /** slow: added delay; timeout: how long to hold before dropping; rate: Retry-After */
  ms?: number;
}

export const FAULT_KINDS: readonly FaultKind[] = [
  "unavailable",
  "lock",
  "limit",
  "rate",
  "expired-token",
  "timeout",
  "drop",
  "slow",
];

const RULE_KEYS = ["rate", "nth", "every", "path", "ms"] as const;

function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

function parsePositiveInt(raw: string, key: string, part: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new Error(`Invalid fault spec part "${part}": ${key} must be a positive integer, got "${raw}"`);
  }
  return Number(raw);
}

/** Parses a fault spec string; an empty or blank spec means "no faults". */
export function parseFaultSpec(spec: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const rawPart of spec.split(";")) {
    const part = rawPart.trim();
    if (part === "") continue;
    const colon = part.indexOf(":");
    const kindText = (colon === -1 ? part : part.slice(0, colon)).trim();
    if (!isFaultKind(kindText)) {
      throw new Error(
        `Invalid fault spec part "${part}": unknown fault kind "${kindText}" (expected one of ${FAULT_KINDS.join(", ")})`,
      );
    }
    const rule: FaultRule = { kind: kindText };
    const optionsText = colon === -1 ? "" : part.slice(colon + 1).trim();
    if (optionsText !== "") {
      for (const rawOption of optionsText.split(",")) {
        const option = rawOption.trim();
        const eq = option.indexOf("=");
        if (eq <= 0) {
          throw new Error(`Invalid fault spec part "${part}": expected key=value, got "${option}"`);
        }
        const key = option.slice(0, eq).trim();
        const value = option.slice(eq + 1).trim();
        switch (key) {
          case "rate": {
            const n = Number(value);
            if (value === "" || !Number.isFinite(n) || n < 0 || n > 1) {
              throw new Error(`Invalid fault spec part "${part}": rate must be a number between 0 and 1, got "${value}"`);
            }
            rule.rate = n;
            break;
          }
          case "nth":
            rule.nth = parsePositiveInt(value, key, part);
            break;
          case "every":
            rule.every = parsePositiveInt(value, key, part);
            break;
          case "ms":
            if (!/^\d+$/.test(value)) {
              throw new Error(`Invalid fault spec part "${part}": ms must be a non-negative integer, got "${value}"`);
            }
            rule.ms = Number(value);
            break;
          case "path":
            if (value === "") throw new Error(`Invalid fault spec part "${part}": path must not be empty`);
            rule.path = value;
            break;
          default:
            throw new Error(
              `Invalid fault spec part "${part}": unknown option "${key}" (expected one of ${RULE_KEYS.join(", ")})`,
            );
        }
      }
    }
    rules.push(rule);
  }
  return rules;
}

/** Formats rules back into a spec string (parseFaultSpec(formatFaultSpec(r)) deep-equals r). */
export function formatFaultSpec(rules: readonly FaultRule[]): string {
  return rules
    .map((rule) => {
      const options = RULE_KEYS.filter((key) => rule[key] !== undefined).map((key) => `${key}=${String(rule[key])}`);
      return options.length > 0 ? `${rule.kind}:${options.join(",")}` : rule.kind;
    })
    .join(";");
}

/** mulberry32: tiny, fast and good enough to make fault sequences reproducible. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private counts: number[] = [];
  private random: () => number;

  constructor(
    rules: FaultRule[],
    private readonly seed: number,
  ) {
    this.random = mulberry32(seed);
    this.setRules(rules);
  }

  /** Replaces the rules; counters and the random sequence restart so a new spec replays identically. */
  setRules(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({ ...rule }));
    this.counts = rules.map(() => 0);
    this.random = mulberry32(this.seed);
  }

  getRules(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /**
   * Decides the fault for one request. Every matching rule advances its own counter (and draws
   * from the PRNG when it has a rate) on every call, whether or not an earlier rule fired, so
   * adding a rule never shifts the sequence of the others. The first rule that fires wins.
   */
  next(req: { method: string; path: string }): FaultRule | undefined {
    let fired: FaultRule | undefined;
    this.rules.forEach((rule, index) => {
      if (rule.path !== undefined && !req.path.includes(rule.path)) return;
      const count = (this.counts[index] ?? 0) + 1;
      this.counts[index] = count;
      let fires = true;
      if (rule.nth !== undefined && count !== rule.nth) fires = false;
      if (rule.every !== undefined && count % rule.every !== 0) fires = false;
      if (rule.rate !== undefined) {
        const roll = this.random();
        if (roll >= rule.rate) fires = false;
      }
      if (fires && fired === undefined) fired = { ...rule };
    });
    return fired;
  }
}
