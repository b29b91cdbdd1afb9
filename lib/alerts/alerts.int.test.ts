import { createServer, type Server } from "node:http";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { truncateAll } from "@/lib/testing/database";
import { closeProducers, getQueue } from "@/lib/queue/producer";
import { closeRun } from "@/lib/sync/runs";
import { raiseAlert, resolveAlerts } from "@/lib/integrations/alerts";
import { deliverNotification, DeliveryFailed } from "@/lib/alerts/deliver";
import { DELIVERY_ATTEMPTS } from "@/lib/alerts/queue-deliveries";
import { evaluateIntegration, evaluateRun } from "@/lib/alerts/evaluate";
import { evaluateAllAlerts } from "@/lib/alerts/evaluate-all";
import { listNotifications, markNotificationsRead, unreadCount } from "@/lib/alerts/list-notifications";
import { saveAlertSettings } from "@/lib/alerts/save-settings";
import { alertChannels } from "@/lib/alerts/settings";
import { rotateAlertSecrets } from "@/lib/alerts/rotate-alert-secrets";
import { generateKey } from "@/lib/crypto/secrets";
import { DEVELOPMENT_SECRETS_KEY, env } from "@/lib/env";
import { DEFAULT_ALERT_RULES, type AlertRules } from "@/lib/alerts/settings-schema";

// Alert rules against the real database: runs are created and closed through lib/sync/runs.ts
// (whose closeRun judges the rules), notifications are counted in the tables, and deliveries go to
// a local HTTP receiver (port 3334) and a local SMTP receiver (port 3335) started here.

const WEBHOOK_PORT = 3334;
const SMTP_PORT = 3335;
const SMTP_USER = "alerts";
const SMTP_PASSWORD = "smtp-password-for-the-test";

const hooks: { status: number; received: unknown[] } = { status: 200, received: [] };
const mails: { from: string; to: string[]; body: string }[] = [];
let webhookServer: Server;
let smtpServer: SMTPServer;
let admin: { id: string; email: string };

let pendoId = "";
/** The test's clock (only Date is faked): each run starts a minute after the previous one ended and lasts `seconds`. */
let clock = 0;

/** A finished run of `kind`, started after the previous one, with a pull step that read `read` records. */
async function finishedRun(status: "SUCCEEDED" | "PARTIAL" | "FAILED", opts: { kind?: "PULL" | "SYNC"; read?: number; seconds?: number; rejected?: number; written?: number } = {}) {
  clock += 60_000;
  vi.setSystemTime(clock);
  const startedAt = new Date(clock);
  const run = await db.syncRun.create({ data: { integrationId: pendoId, system: "PENDO", kind: opts.kind ?? "PULL", trigger: "test", status: "RUNNING", startedAt } });
  const step = await db.syncStep.create({
    data: { runId: run.id, position: 0, name: "pull", integrationId: pendoId, status: status === "FAILED" ? "FAILED" : "SUCCEEDED", startedAt, stats: { account: { read: opts.read ?? 100 } } },
  });
  const written = opts.written ?? 0;
  if (written > 0) {
    await db.syncRecordResult.createMany({
      data: Array.from({ length: written }, (_, i) => ({
        runId: run.id,
        stepId: step.id,
        system: "pendo",
        object: "account",
        recordId: `acc-${i}`,
        operation: "update",
        outcome: i < (opts.rejected ?? 0) ? "rejected" : "succeeded",
      })),
    });
  }
  clock += (opts.seconds ?? 90) * 1000;
  vi.setSystemTime(clock);
  await closeRun(run.id, status, status === "FAILED" ? "Pendo answered 500 to the aggregation request." : null);
  return run.id;
}

/** An SMTP message's header and body as text: RFC 2047 words and quoted-printable decoded. */
function decodeMail(raw: string): string {
  const bytes = (qp: string) => Buffer.from(qp.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  return raw
    .replace(/\r\n[ \t]+/g, " ")
    .replace(/=\?UTF-8\?Q\?(.*?)\?=(?:[ \t](?==\?))?/g, (_, w: string) => bytes(w.replace(/_/g, " ")))
    .replace(/=\r\n/g, "")
    .replace(/(=[0-9A-F]{2})+/g, (m) => bytes(m));
}

const notifications = (code: string) => db.alertNotification.findMany({ where: { code }, orderBy: { createdAt: "asc" } });
const openAlert = (code: string) => db.alert.findFirst({ where: { integrationId: pendoId, code, resolvedAt: null } });

async function useRules(change: Partial<AlertRules>, channels: { webhook?: boolean; email?: boolean } = {}) {
  await saveAlertSettings(
    {
      rules: { ...DEFAULT_ALERT_RULES, ...change },
      webhook: channels.webhook ? { url: `http://127.0.0.1:${WEBHOOK_PORT}/hook` } : null,
      email: channels.email
        ? { host: "127.0.0.1", port: SMTP_PORT, security: "none", user: SMTP_USER, password: SMTP_PASSWORD, from: "clearinghouse@example.test", to: ["ops@example.test"] }
        : null,
    },
    { actor: admin, ip: null },
  );
}

beforeAll(async () => {
  await truncateAll(db);
  webhookServer = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (hooks.status === 200) hooks.received.push(JSON.parse(body));
      res.writeHead(hooks.status, { "content-type": "text/plain" }).end(hooks.status === 200 ? "ok" : "no_service");
    });
  });
  await new Promise<void>((resolve) => webhookServer.listen(WEBHOOK_PORT, "127.0.0.1", resolve));
  smtpServer = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: SMTP_USER });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      let body = "";
      stream.on("data", (c: Buffer) => (body += c.toString()));
      stream.on("end", () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtpServer.listen(SMTP_PORT, "127.0.0.1", resolve));
  const user = await db.user.create({ data: { email: "admin@alerts.test", role: "ADMIN", createdAt: new Date(Date.now() - 24 * 3600_000) } });
  admin = { id: user.id, email: user.email };
});

afterAll(async () => {
  await new Promise<void>((resolve) => webhookServer.close(() => resolve()));
  await new Promise<void>((resolve) => smtpServer.close(() => resolve()));
  await closeProducers();
  await db.$disconnect();
});

beforeEach(async () => {
  await db.alert.deleteMany({});
  await db.syncRun.deleteMany({});
  await db.alertSettings.deleteMany({});
  await db.integration.deleteMany({});
  hooks.status = 200;
  hooks.received.length = 0;
  mails.length = 0;
  // Runs of the tests fit in the three hours before now; only Date is faked, timers stay real.
  clock = Date.now() - 3 * 3600_000;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(clock);
  pendoId = (
    await db.integration.create({
      data: { system: "PENDO", status: "CONNECTED", environment: "us", baseUrl: "http://127.0.0.1:9", secrets: "sealed", connectedAt: new Date() },
    })
  ).id;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("alert rules on runs", () => {
  it("raises once across repeated failing runs and clears once on a succeeding run", async () => {
    await useRules({ runFailed: { enabled: true, warning: 1, critical: null } });
    await finishedRun("SUCCEEDED");
    for (let i = 0; i < 4; i++) await finishedRun("FAILED");
    const raised = await notifications("run-failed.pull");
    expect(raised.map((n) => `${n.fromState}→${n.toState}`)).toEqual(["OK→WARNING"]);
    expect(raised[0]!.message).toContain("Pendo answered 500");
    const alert = await openAlert("run-failed.pull");
    expect(alert?.level).toBe("WARNING");
    expect(alert?.message).toMatch(/last 4 pulls failed in a row/);

    await finishedRun("SUCCEEDED");
    await finishedRun("SUCCEEDED");
    expect((await notifications("run-failed.pull")).map((n) => `${n.fromState}→${n.toState}`)).toEqual(["OK→WARNING", "WARNING→OK"]);
    expect(await openAlert("run-failed.pull")).toBeNull();
    // The card's list of open alerts reads the same rows.
    expect(await db.alert.count({ where: { integrationId: pendoId, resolvedAt: null } })).toBe(0);
  });

  it("escalates WARNING → CRITICAL at the admin's count, once each", async () => {
    for (let i = 0; i < 5; i++) await finishedRun("FAILED");
    expect((await notifications("run-failed.pull")).map((n) => n.toState)).toEqual(["WARNING", "CRITICAL"]);
    expect((await openAlert("run-failed.pull"))?.level).toBe("CRITICAL");
  });

  it("judges rejected records against the records of the steps that wrote them", async () => {
    await finishedRun("PARTIAL", { kind: "SYNC", written: 100, rejected: 10 });
    await finishedRun("PARTIAL", { kind: "SYNC", written: 100, rejected: 12 });
    expect((await notifications("run-rejected.sync")).map((n) => n.toState)).toEqual(["WARNING"]);
    expect((await openAlert("run-rejected.sync"))?.message).toMatch(/12 of the 100 records/);
    await finishedRun("PARTIAL", { kind: "SYNC", written: 100, rejected: 30 });
    await finishedRun("SUCCEEDED", { kind: "SYNC", written: 100, rejected: 0 });
    expect((await notifications("run-rejected.sync")).map((n) => n.toState)).toEqual(["WARNING", "CRITICAL", "OK"]);
  });

  it("flags a run far slower, or reading far fewer records, than the average of its last ten", async () => {
    for (let i = 0; i < 10; i++) await finishedRun("SUCCEEDED", { seconds: 100, read: 1000 });
    expect(await db.alertNotification.count()).toBe(0);
    await finishedRun("SUCCEEDED", { seconds: 400, read: 400 });
    const codes = (await db.alertNotification.findMany({ select: { code: true, toState: true } })).map((n) => `${n.code}:${n.toState}`).sort();
    expect(codes).toEqual(["run-few-records.pull:WARNING", "run-slow.pull:WARNING"]);
  });

  it("ignores cancelled runs", async () => {
    const run = await db.syncRun.create({ data: { integrationId: pendoId, system: "PENDO", kind: "PULL", trigger: "test", status: "RUNNING" } });
    await closeRun(run.id, "CANCELLED", "Cancelled by someone.");
    expect(await evaluateRun(run.id)).toEqual([]);
    expect(await db.alertNotification.count()).toBe(0);
  });
});

describe("alert rules on the integration's state", () => {
  it("a scheduled pull that did not start: raised once by the recurring check, cleared by the next pull", async () => {
    await db.integration.update({ where: { id: pendoId }, data: { connectedAt: new Date(Date.now() - 48 * 3600_000) } });
    await evaluateAllAlerts();
    await evaluateAllAlerts();
    expect((await notifications("schedule-missed")).map((n) => n.toState)).toEqual(["CRITICAL"]);
    await finishedRun("SUCCEEDED");
    expect((await notifications("schedule-missed")).map((n) => n.toState)).toEqual(["CRITICAL", "OK"]);
  });

  it("reconnect needed raises once, at the admin's level, and clears when the connection works again", async () => {
    await useRules({ reconnectNeeded: { enabled: true, level: "WARNING" } });
    await db.integration.update({ where: { id: pendoId }, data: { status: "RECONNECT_NEEDED", statusMessage: "The key was revoked." } });
    await raiseAlert(pendoId, "salesforce.reconnect-needed", "The key was revoked.");
    await evaluateIntegration(pendoId);
    await raiseAlert(pendoId, "salesforce.reconnect-needed", "The key was revoked.");
    expect((await notifications("salesforce.reconnect-needed")).map((n) => n.toState)).toEqual(["WARNING"]);
    await db.integration.update({ where: { id: pendoId }, data: { status: "CONNECTED", statusMessage: null } });
    await resolveAlerts(pendoId);
    expect((await notifications("salesforce.reconnect-needed")).map((n) => n.toState)).toEqual(["WARNING", "OK"]);
  });

  it("Salesforce API allowance: one notification however many checks judge it at once", async () => {
    const sf = await db.integration.create({
      data: { system: "SALESFORCE", status: "CONNECTED", environment: "production", baseUrl: "http://127.0.0.1:9", secrets: "sealed", connectedAt: new Date(), apiUsed: 96_000, apiMax: 100_000, apiUsageAt: new Date() },
    });
    await Promise.all(Array.from({ length: 5 }, () => evaluateIntegration(sf.id)));
    expect((await notifications("api-allowance")).map((n) => n.toState)).toEqual(["CRITICAL"]);
    expect(await db.alert.count({ where: { integrationId: sf.id, code: "api-allowance", resolvedAt: null } })).toBe(1);
  });

  it("a disconnected integration's open alerts close, once", async () => {
    await finishedRun("FAILED");
    await db.integration.update({ where: { id: pendoId }, data: { status: "DISABLED", secrets: null } });
    await resolveAlerts(pendoId);
    await evaluateAllAlerts();
    expect((await notifications("run-failed.pull")).map((n) => [n.toState, n.message])).toEqual([
      ["WARNING", expect.any(String)],
      ["OK", "The integration was disconnected."],
    ]);
  });
});

describe("notifications", () => {
  it("are unread per user until that user marks them read", async () => {
    const other = await db.user.create({ data: { email: "viewer@alerts.test", role: "VIEWER", createdAt: new Date(Date.now() - 3600_000) } });
    await finishedRun("FAILED");
    await finishedRun("SUCCEEDED");
    expect(await unreadCount(admin.id)).toBe(2);
    const page = await listNotifications(admin.id);
    expect(page.items.map((i) => [i.toState, i.read, i.integration, i.title])).toEqual([
      ["OK", false, "Pendo", "Run failed (pulls)"],
      ["WARNING", false, "Pendo", "Run failed (pulls)"],
    ]);
    await markNotificationsRead(admin.id, { ids: [page.items[0]!.id, "no-such-notification"] });
    expect(await unreadCount(admin.id)).toBe(1);
    expect(await unreadCount(other.id)).toBe(2);
    expect((await markNotificationsRead(admin.id, { all: true })).unread).toBe(0);
    expect(await unreadCount(other.id)).toBe(2);
    expect((await listNotifications(admin.id, { unread: "1" })).items).toEqual([]);
  });

  it("are delivered to the webhook and by email once each, with the SMTP password stored encrypted", async () => {
    await useRules({}, { webhook: true, email: true });
    const stored = await db.alertSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(JSON.stringify(stored)).not.toContain(SMTP_PASSWORD);
    expect(JSON.stringify(stored)).not.toContain(`127.0.0.1:${WEBHOOK_PORT}/hook`);
    expect((await alertChannels()).email?.password).toBe(SMTP_PASSWORD);

    const runId = await finishedRun("FAILED");
    const [n] = await notifications("run-failed.pull");
    expect(n).toMatchObject({ webhook: "PENDING", email: "PENDING", runId });
    // Queued for the worker (none runs here), with the retries that make "a few tries".
    const job = await getQueue("integrations").getJob(`alert-delivery-${n!.id}`);
    expect(job?.name).toBe("alerts.deliver");
    expect(job?.opts.attempts).toBe(DELIVERY_ATTEMPTS);
    expect(await deliverNotification(n!.id)).toEqual({ webhook: "SENT", email: "SENT" });
    expect(hooks.received).toHaveLength(1);
    const { text } = hooks.received[0] as { text: string };
    expect(Object.keys(hooks.received[0] as object)).toEqual(["text"]);
    expect(text).toMatch(/^WARNING · Pendo · Run failed \(pulls\): The last pull failed\./);
    expect(text).toContain(`/sync/${runId}`);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: "clearinghouse@example.test", to: ["ops@example.test"] });
    const mail = decodeMail(mails[0]!.body);
    expect(mail).toContain("Subject: [Clearinghouse] WARNING · Pendo · Run failed (pulls)\r\n");
    expect(mail).toContain("The last pull failed. It said: Pendo answered 500 to the aggregation request.");

    // Delivered channels are never sent again.
    await deliverNotification(n!.id);
    expect(hooks.received).toHaveLength(1);
    expect(mails).toHaveLength(1);
    expect(await db.alertNotification.findUniqueOrThrow({ where: { id: n!.id } })).toMatchObject({ webhook: "SENT", email: "SENT", deliveryAttempts: 1 });
  });

  it("keep their secrets through a key rotation", async () => {
    await useRules({}, { webhook: true, email: true });
    const before = { key: env.SECRETS_KEY, previous: env.SECRETS_KEY_PREVIOUS };
    try {
      env.SECRETS_KEY_PREVIOUS = before.key ?? DEVELOPMENT_SECRETS_KEY;
      env.SECRETS_KEY = generateKey();
      expect(await rotateAlertSecrets()).toEqual({ reencrypted: 2, remaining: 0 });
      expect(await rotateAlertSecrets()).toEqual({ reencrypted: 0, remaining: 0 });
      env.SECRETS_KEY_PREVIOUS = undefined;
      const opened = await alertChannels();
      expect(opened.webhookUrl).toBe(`http://127.0.0.1:${WEBHOOK_PORT}/hook`);
      expect(opened.email?.password).toBe(SMTP_PASSWORD);
    } finally {
      env.SECRETS_KEY = before.key;
      env.SECRETS_KEY_PREVIOUS = before.previous;
    }
  });

  it("record a failed delivery with a sentence, and send only the failed channel on the next try", async () => {
    await useRules({}, { webhook: true, email: true });
    hooks.status = 404;
    await finishedRun("FAILED");
    const [n] = await notifications("run-failed.pull");
    await expect(deliverNotification(n!.id)).rejects.toThrow(DeliveryFailed);
    const failed = await db.alertNotification.findUniqueOrThrow({ where: { id: n!.id } });
    expect(failed).toMatchObject({ webhook: "FAILED", email: "SENT", deliveryAttempts: 1 });
    expect(failed.webhookError).toMatch(/^The webhook at 127\.0\.0\.1:3334 answered 404.*no_service.*removed or revoked/);

    hooks.status = 200;
    expect(await deliverNotification(n!.id)).toEqual({ webhook: "SENT", email: "SENT" });
    expect(hooks.received).toHaveLength(1);
    expect(mails).toHaveLength(1);
    expect(await db.alertNotification.findUniqueOrThrow({ where: { id: n!.id } })).toMatchObject({ webhookError: null, deliveryAttempts: 2 });
  });

  it("say why the SMTP server refused the password", async () => {
    await useRules({}, { email: true });
    await saveAlertSettings(
      {
        rules: DEFAULT_ALERT_RULES,
        webhook: null,
        email: { host: "127.0.0.1", port: SMTP_PORT, security: "none", user: SMTP_USER, password: "the-wrong-password", from: "clearinghouse@example.test", to: ["ops@example.test"] },
      },
      { actor: admin, ip: null },
    );
    await finishedRun("FAILED");
    const [n] = await notifications("run-failed.pull");
    await expect(deliverNotification(n!.id)).rejects.toThrow(/refused the user name or password/);
    expect(await db.alertNotification.findUniqueOrThrow({ where: { id: n!.id } })).toMatchObject({ webhook: "OFF", email: "FAILED" });
    expect(mails).toHaveLength(0);
  });

  it("with no channel set up are written for the bell only", async () => {
    await finishedRun("FAILED");
    const [n] = await notifications("run-failed.pull");
    expect(n).toMatchObject({ webhook: "OFF", email: "OFF" });
    expect(await deliverNotification(n!.id)).toEqual({ webhook: "OFF", email: "OFF" });
  });
});
