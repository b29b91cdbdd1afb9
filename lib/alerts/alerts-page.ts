import { listNotifications, openAlerts, type NotificationPage, type NotificationQuery, type OpenAlertView } from "@/lib/alerts/list-notifications";

export interface AlertsPage {
  open: OpenAlertView[];
  notifications: NotificationPage;
}

/** The Alerts page: what is open now, and the notifications (a page of them) with this user's read state. */
export async function alertsPage(userId: string, query: NotificationQuery): Promise<AlertsPage> {
  const [open, notifications] = await Promise.all([openAlerts(), listNotifications(userId, query)]);
  return { open, notifications };
}
