// A plain-words reading of the common shapes of cron expression (daily at some hours, weekdays,
// hourly, every N minutes, monthly); null for anything else, and the page shows the expression alone.

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const NUMBER = /^\d{1,2}$/;

const pad = (n: number) => String(n).padStart(2, "0");

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function hours(field: string): number[] | null {
  const parts = field.split(",");
  if (!parts.every((p) => NUMBER.test(p))) return null;
  const values = parts.map(Number);
  return values.every((h) => h <= 23) ? values.sort((a, b) => a - b) : null;
}

function days(field: string): string | null {
  if (field === "*" || field === "?") return "Every day";
  if (field === "1-5") return "Monday to Friday";
  if (field === "0,6" || field === "6,0") return "Saturdays and Sundays";
  if (NUMBER.test(field) && Number(field) <= 7) return `Every ${DAYS[Number(field)]}`;
  const parts = field.split(",");
  if (parts.every((p) => NUMBER.test(p) && Number(p) <= 7)) return `${list(parts.map((p) => `${DAYS[Number(p)]}s`))}`;
  return null;
}

export function describeCron(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const anyDay = (dayOfMonth === "*" || dayOfMonth === "?") && month === "*";

  const everyMinutes = /^\*\/(\d{1,2})$/.exec(minute);
  if (everyMinutes && hour === "*" && anyDay && dayOfWeek === "*") return `Every ${everyMinutes[1]} minutes`;
  if (!NUMBER.test(minute) || Number(minute) > 59) return null;
  const m = Number(minute);

  if (hour === "*" && anyDay && dayOfWeek === "*") return `Every hour at :${pad(m)}`;
  const everyHours = /^\*\/(\d{1,2})$/.exec(hour);
  if (everyHours && anyDay && dayOfWeek === "*") return `Every ${everyHours[1]} hours at :${pad(m)}`;

  const at = hours(hour);
  if (!at) return null;
  const times = list(at.map((h) => `${pad(h)}:${pad(m)}`));
  if (anyDay) {
    const when = days(dayOfWeek);
    return when ? `${when} at ${times}` : null;
  }
  if (NUMBER.test(dayOfMonth) && month === "*" && dayOfWeek === "*") return `Monthly on day ${Number(dayOfMonth)} at ${times}`;
  return null;
}
