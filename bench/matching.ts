import { matchAccounts, type AnalyticsAccount, type SalesforceAccount } from "@/lib/matching/match-accounts";
import { matchContacts, type AnalyticsUser, type SalesforceContact } from "@/lib/matching/match-contacts";
import { DEFAULT_RULES } from "@/lib/matching/rules";

// Matching time and memory at scale: npx tsx bench/matching.ts [accounts] [users]
// Without arguments: 10,000 × 10,000 accounts with 100,000 users, then 100,000 × 100,000 with 1,000,000.
// Synthetic data from a fixed seed; prints JSON.

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
function to18(id15: string): string {
  let suffix = "";
  for (let c = 0; c < 3; c++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const code = id15.charCodeAt(c * 5 + i);
      if (code >= 65 && code <= 90) bits |= 1 << i;
    }
    suffix += ALPHABET[bits];
  }
  return id15 + suffix;
}

function generate(accounts: number, users: number) {
  const rand = mulberry32(42);
  const sfAccounts: SalesforceAccount[] = [];
  const analyticsAccounts: AnalyticsAccount[] = [];
  for (let i = 0; i < accounts; i++) {
    const id = to18(`001Dn${String(i).padStart(10, "0")}`);
    const word = `company${i}`;
    sfAccounts.push({ id, name: `Company ${i}`, website: rand() < 0.8 ? `https://www.${word}.com/` : undefined });
    const r = rand();
    analyticsAccounts.push({
      id: `acc-${i}`,
      salesforceId: r < 0.5 ? (r < 0.25 ? id.toLowerCase() : id.slice(0, 15)) : undefined,
      website: r >= 0.5 && r < 0.8 ? `${word}.com` : undefined,
      name: r >= 0.8 ? `company ${i}` : undefined,
    });
  }
  const sfContacts: SalesforceContact[] = [];
  const analyticsUsers: AnalyticsUser[] = [];
  for (let i = 0; i < users; i++) {
    const account = i % accounts;
    const email = `user${i}@company${account}.com`;
    sfContacts.push({ id: to18(`003Dn${String(i).padStart(10, "0")}`), accountId: sfAccounts[account]!.id, email, phone: rand() < 0.5 ? `+1415${String(1000000 + (i % 8999999)).slice(0, 7)}` : undefined });
    analyticsUsers.push({ id: `user-${i}`, accountId: `acc-${account}`, email: rand() < 0.9 ? email.toUpperCase() : undefined });
  }
  return { sfAccounts, analyticsAccounts, sfContacts, analyticsUsers };
}

// Matching is synchronous, so a sampling timer would never fire inside it; the kernel's high-water
// mark (maxRSS, never decreasing) after each phase is the honest peak.
function measure<T>(work: () => T): { result: T; ms: number; peakRssMb: number } {
  const start = performance.now();
  const result = work();
  const ms = performance.now() - start;
  return { result, ms: Math.round(ms), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

const sizes = process.argv[2]
  ? [[Number(process.argv[2]), Number(process.argv[3] ?? Number(process.argv[2]) * 10)]]
  : [
      [10_000, 100_000],
      [100_000, 1_000_000],
    ];

for (const [accounts, users] of sizes as [number, number][]) {
  const data = generate(accounts, users);
  const baseRssMb = Math.round(process.memoryUsage().rss / 1048576);
  const a = measure(() => matchAccounts(data.sfAccounts, data.analyticsAccounts, DEFAULT_RULES.accounts));
  const c = measure(() => matchContacts(data.sfContacts, data.analyticsUsers, DEFAULT_RULES.contacts));
  console.log(
    JSON.stringify({
      accounts,
      users,
      rssAfterGeneratingMb: baseRssMb,
      accountMatching: { ms: a.ms, peakRssMb: a.peakRssMb, links: a.result.links.length, exceptions: a.result.exceptions.length },
      contactMatching: { ms: c.ms, peakRssMb: c.peakRssMb, links: c.result.links.length, exceptions: c.result.exceptions.length },
    }),
  );
}
