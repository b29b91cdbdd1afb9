/** Fixed vocabularies for the demo data. */

export const DEFAULT_NOW = "2026-11-20T00:00:00Z";
export const DEFAULT_DAYS = 100;
export const PENDO_TZ = "America/New_York";
export const PENDO_APP_ID = -323232;
export const PX_PROPERTY_KEY = "AP-CLRHSDEMO001-2";
export const PRODUCT_HOST = "app.clearinghouse-demo.com";

export const FEATURES: ReadonlyArray<{ key: string; name: string; weight: number; page: string }> = [
  { key: "dashboards", name: "Dashboards", weight: 30, page: "home" },
  { key: "search", name: "Global Search", weight: 22, page: "home" },
  { key: "reports", name: "Reports", weight: 18, page: "reports" },
  { key: "export_csv", name: "Export CSV", weight: 10, page: "reports" },
  { key: "scheduled_reports", name: "Scheduled Reports", weight: 5, page: "reports" },
  { key: "alerts", name: "Alerts", weight: 8, page: "alerts" },
  { key: "workflow_builder", name: "Workflow Builder", weight: 6, page: "automation" },
  { key: "integrations", name: "Integrations", weight: 4, page: "settings" },
  { key: "user_management", name: "User Management", weight: 3, page: "settings" },
  { key: "api_keys", name: "API Keys", weight: 2, page: "settings" },
  { key: "comments", name: "Comments", weight: 9, page: "home" },
  { key: "mobile_sync", name: "Mobile Sync", weight: 3, page: "home" },
];

/**
 * The features each ARR tier's plan includes (keys of FEATURES); customers add a few others and
 * Enterprise contracts leave a few out. Salesforce lists them in `Contracted_Features__c`.
 */
export const PLAN_FEATURES: Readonly<Record<"SMB" | "Mid-Market" | "Enterprise", readonly string[]>> = {
  SMB: ["dashboards", "search", "reports", "export_csv", "comments"],
  "Mid-Market": ["dashboards", "search", "reports", "export_csv", "comments", "alerts", "scheduled_reports", "mobile_sync"],
  Enterprise: FEATURES.map((f) => f.key),
};

export const PAGES: ReadonlyArray<{ key: string; name: string; path: string }> = [
  { key: "home", name: "Home", path: "/" },
  { key: "reports", name: "Reports", path: "/reports" },
  { key: "alerts", name: "Alerts", path: "/alerts" },
  { key: "automation", name: "Automation", path: "/automation" },
  { key: "settings", name: "Settings", path: "/settings" },
];

export const TLDS: ReadonlyArray<readonly [string, number]> = [
  ["com", 62],
  ["io", 10],
  ["co.uk", 7],
  ["de", 5],
  ["net", 5],
  ["ai", 4],
  ["com.au", 3],
  ["fr", 2],
  ["ca", 2],
];

export const COUNTRIES: Record<string, { country: string; code: string; continent: string; tz: string }> = {
  com: { country: "United States", code: "US", continent: "North America", tz: "America/New_York" },
  io: { country: "United States", code: "US", continent: "North America", tz: "America/Los_Angeles" },
  net: { country: "United States", code: "US", continent: "North America", tz: "America/Chicago" },
  ai: { country: "United States", code: "US", continent: "North America", tz: "America/Los_Angeles" },
  "co.uk": { country: "United Kingdom", code: "GB", continent: "Europe", tz: "Europe/London" },
  de: { country: "Germany", code: "DE", continent: "Europe", tz: "Europe/Berlin" },
  fr: { country: "France", code: "FR", continent: "Europe", tz: "Europe/Paris" },
  "com.au": { country: "Australia", code: "AU", continent: "Oceania", tz: "Australia/Sydney" },
  ca: { country: "Canada", code: "CA", continent: "North America", tz: "America/Toronto" },
};

export const INDUSTRIES: ReadonlyArray<readonly [string, number]> = [
  ["Technology", 22],
  ["Finance", 9],
  ["Healthcare", 9],
  ["Retail", 8],
  ["Manufacturing", 8],
  ["Education", 6],
  ["Government", 4],
  ["Media", 5],
  ["Consulting", 6],
  ["Insurance", 4],
  ["Telecommunications", 4],
  ["Transportation", 3],
  ["Hospitality", 3],
  ["Not For Profit", 3],
  ["Energy", 3],
  ["Banking", 3],
];

export const NPS_REASONS = {
  promoter: [
    "Saves our team hours every week.",
    "Dashboards are exactly what our execs wanted.",
    "Support is fast and helpful.",
    "Reliable and easy to roll out.",
    "Love the scheduled reports.",
  ],
  passive: [
    "Good, but reporting could be more flexible.",
    "Does the job. Pricing is a bit high.",
    "Works fine, onboarding took a while.",
    "Solid, missing a few integrations we need.",
  ],
  detractor: [
    "Too slow on large accounts.",
    "We keep hitting bugs in exports.",
    "Hard to get my team to adopt it.",
    "Missing SSO options we were promised.",
    "Support tickets take days to resolve.",
  ],
} as const;

export const CASE_SUBJECTS = [
  "Export to CSV times out",
  "Cannot invite new users",
  "Dashboard not loading",
  "SSO login fails for some users",
  "Scheduled report not delivered",
  "Question about invoice",
  "API rate limit errors",
  "Data missing after import",
  "Request: custom fields on reports",
  "Mobile app crashes on launch",
];

export const TASK_SUBJECTS = ["QBR prep", "Check-in call", "Renewal discussion", "Onboarding follow-up", "Executive sponsor intro", "Adoption review"];

export const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
];

export const TITLES: ReadonlyArray<readonly [string, string, number]> = [
  ["VP Operations", "Operations", 4],
  ["Director of Analytics", "Analytics", 6],
  ["Operations Manager", "Operations", 12],
  ["Data Analyst", "Analytics", 18],
  ["Account Manager", "Sales", 10],
  ["Software Engineer", "Engineering", 12],
  ["IT Administrator", "IT", 8],
  ["Marketing Manager", "Marketing", 8],
  ["Finance Manager", "Finance", 6],
  ["Customer Support Lead", "Support", 6],
  ["CEO", "Executive", 2],
  ["CTO", "Executive", 2],
];
