import { z } from "zod";
import { db } from "@/lib/db";
import { SYSTEM_LABEL } from "@/lib/hub/integrations";
import { alertTitle } from "@/lib/alerts/notification-text";
import type { AlertStateName } from "@/lib/alerts/state-machine";

// What the bell and the Alerts page read. Alerts are about integrations and runs, never account
// data, so every role sees all of them; read or unread is per user (AlertRead).

export const notificationQuerySchema = z.object({
  /** The id of the last notification of the previous page. */
  before: z.string().trim().min(1).max(40).optional(),
  unread: z.enum(["1", "0"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type NotificationQuery = z.infer<typeof notificationQuerySchema>;

export type DeliveryStatus = "PENDING" | "SENT" | "FAILED" | "OFF";

export interface NotificationView {
  id: string;
  createdAt: string;
  integration: string;
  title: string;
  fromState: AlertStateName;
  toState: AlertStateName;
  message: string;
  runId: string | null;
  read: boolean;
  webhook: { status: DeliveryStatus; error: string | null };
  email: { status: DeliveryStatus; error: string | null };
  deliveryAttempts: number;
}

export interface OpenAlertView {
  id: string;
  integration: string;
  title: string;
  level: "WARNING" | "CRITICAL";
  message: string;
  since: string;
}

export interface NotificationPage {
  items: NotificationView[];
  /** Pass as `before` for the next page; null on the last. */
  next: string | null;
  unread: number;
}

/**
 * A user is owed only what happened since they joined: a colleague added today does not open the
 * console to years of "unread" history.
 */
function unreadWhere(user: { id: string; createdAt: Date }) {
  return { createdAt: { gte: user.createdAt }, reads: { none: { userId: user.id } } };
}

async function userSince(userId: string) {
  return db.user.findUnique({ where: { id: userId }, select: { id: true, createdAt: true } });
}

export async function unreadCount(userId: string): Promise<number> {
  const user = await userSince(userId);
  return user ? db.alertNotification.count({ where: unreadWhere(user) }) : 0;
}

async function integrationLabels(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const rows = wanted.length ? await db.integration.findMany({ where: { id: { in: wanted } }, select: { id: true, system: true } }) : [];
  return new Map(rows.map((r) => [r.id, SYSTEM_LABEL[r.system]]));
}

/** Newest first, a page at a time; `unread: "1"` for the unread ones only. */
export async function listNotifications(userId: string, query: NotificationQuery = {}): Promise<NotificationPage> {
  const user = await userSince(userId);
  if (!user) return { items: [], next: null, unread: 0 };
  const limit = query.limit ?? 50;
  const where = query.unread === "1" ? unreadWhere(user) : {};
  // An unknown cursor (a notification deleted with its integration) starts from the top.
  const cursor = query.before ? await db.alertNotification.findUnique({ where: { id: query.before }, select: { id: true } }) : null;
  const [rows, unread] = await Promise.all([
    db.alertNotification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor.id }, skip: 1 } : {}),
      include: { reads: { where: { userId }, select: { readAt: true } } },
    }),
    db.alertNotification.count({ where: unreadWhere(user) }),
  ]);
  const page = rows.slice(0, limit);
  const labels = await integrationLabels(page.map((r) => r.integrationId));
  return {
    items: page.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      integration: (r.integrationId && labels.get(r.integrationId)) ?? "Clearinghouse",
      title: alertTitle(r.code),
      fromState: r.fromState,
      toState: r.toState,
      message: r.message,
      runId: r.runId,
      // Older than the user: never counted as unread, so shown as read.
      read: r.reads.length > 0 || r.createdAt < user.createdAt,
      webhook: { status: r.webhook, error: r.webhookError },
      email: { status: r.email, error: r.emailError },
      deliveryAttempts: r.deliveryAttempts,
    })),
    next: rows.length > limit ? page.at(-1)!.id : null,
    unread,
  };
}

/** The alerts open now, most severe first: what is wrong at this moment. */
export async function openAlerts(): Promise<OpenAlertView[]> {
  const rows = await db.alert.findMany({ where: { resolvedAt: null }, orderBy: [{ level: "desc" }, { createdAt: "desc" }], take: 200 });
  const labels = await integrationLabels(rows.map((r) => r.integrationId));
  return rows.map((r) => ({
    id: r.id,
    integration: (r.integrationId && labels.get(r.integrationId)) ?? "Clearinghouse",
    title: alertTitle(r.code),
    level: r.level,
    message: r.message,
    since: r.createdAt.toISOString(),
  }));
}

export const markReadSchema = z.union([
  z.object({ ids: z.array(z.string().trim().min(1).max(40)).min(1).max(200) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type MarkRead = z.infer<typeof markReadSchema>;

/** Marks notifications read for this user (unknown ids are skipped); returns the unread left. */
export async function markNotificationsRead(userId: string, input: MarkRead): Promise<{ marked: number; unread: number }> {
  const user = await userSince(userId);
  if (!user) return { marked: 0, unread: 0 };
  const ids =
    "all" in input
      ? (await db.alertNotification.findMany({ where: unreadWhere(user), select: { id: true } })).map((n) => n.id)
      : (await db.alertNotification.findMany({ where: { id: { in: [...new Set(input.ids)] } }, select: { id: true } })).map((n) => n.id);
  const { count } = ids.length ? await db.alertRead.createMany({ data: ids.map((notificationId) => ({ userId, notificationId })), skipDuplicates: true }) : { count: 0 };
  return { marked: count, unread: await unreadCount(userId) };
}
