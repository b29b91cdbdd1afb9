import { CommanderError, type Command } from "commander";
import type { ScheduleView } from "@/lib/sync/schedules/list-schedules";

// `cli schedules [--json]`: every connected integration's pull and Synchronize schedules with their
// next five runs, shown in this machine's time zone (named). `cli schedules set <system> <action>
// [--cron EXPR] [--tz ZONE] [--pause | --resume]`: what Settings › Schedules saves, audited, with
// the worker's scheduler updated at once. Imports are lazy, as in scripts/cli.ts.

type Print = (out: { json: boolean }, value: unknown, human: () => string) => void;

const SYSTEMS = { salesforce: "SALESFORCE", pendo: "PENDO", px: "PX" } as const;

/** "2026-06-02 02:00": sortable, and the zone is said once beside the list. */
function localTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

function scheduleLine(s: ScheduleView, zone: string): string {
  const when = s.paused ? "paused" : s.nextRuns.length ? `next ${s.nextRuns.map((t) => localTime(t, zone)).join(", ")}` : "no run (save a valid schedule)";
  const described = s.description ? `  ${s.description}` : "";
  return `${s.integration.padEnd(12)} ${s.action.padEnd(11)} ${s.cron.padEnd(16)} ${s.timezone.padEnd(16)} ${when}${described}${s.isDefault ? "  (default)" : ""}`;
}

function listText(schedules: readonly ScheduleView[], zone: string): string {
  if (schedules.length === 0) return "No integration is connected, so nothing is scheduled. Connect one: npm run -s cli -- connect-demo, or on the Integrations page.";
  return [`Next runs in ${zone} (this machine's time zone).`, ...schedules.map((s) => scheduleLine(s, zone))].join("\n");
}

export function registerScheduleCommands(program: Command, out: () => { json: boolean }, print: Print): void {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const schedules = program
    .command("schedules")
    .description("each connected integration's pull and Synchronize schedules (cron, time zone, paused) and their next five runs")
    .action(async () => {
      const { listSchedules } = await import("@/lib/sync/schedules/list-schedules");
      const page = await listSchedules();
      print(out(), page.schedules, () => listText(page.schedules, zone));
    });

  schedules
    .command("set")
    .description("change one schedule: its cron expression and time zone, or pause or resume it (audited; the worker follows at once)")
    .argument("<system>", "salesforce, pendo or px")
    .argument("<action>", "pull or synchronize (Pendo and PX only)")
    .option("--cron <expression>", 'five fields: minute hour day-of-month month day-of-week, e.g. "0 3 * * *"')
    .option("--tz <zone>", "IANA time zone the expression is read in, e.g. UTC or Europe/Paris")
    .option("--pause", "stop running it until resumed")
    .option("--resume", "run it again")
    .action(async (systemArg: string, action: string, o: { cron?: string; tz?: string; pause?: boolean; resume?: boolean }) => {
      const system = SYSTEMS[systemArg.trim().toLowerCase() as keyof typeof SYSTEMS];
      if (!system) throw new CommanderError(2, "clearinghouse.badSystem", `<system> must be salesforce, pendo or px, not "${systemArg}"`);
      if (o.pause && o.resume) throw new CommanderError(2, "clearinghouse.badOptions", "Give --pause or --resume, not both.");
      if (!o.pause && !o.resume && o.cron === undefined && o.tz === undefined) {
        throw new CommanderError(2, "clearinghouse.badOptions", "Nothing to change: give --cron and/or --tz, or --pause or --resume.");
      }
      const [{ listSchedules }, { saveSchedule }, { scheduleInputSchema }, { AppError }] = await Promise.all([
        import("@/lib/sync/schedules/list-schedules"),
        import("@/lib/sync/schedules/save-schedule"),
        import("@/lib/sync/schedules/schedule-schema"),
        import("@/lib/errors"),
      ]);
      const current = (await listSchedules()).schedules.find((s) => s.system === system && s.action === action);
      if (!current) {
        const { SYSTEM_LABEL } = await import("@/lib/hub/integrations");
        throw new AppError("NOT_FOUND", `${SYSTEM_LABEL[system]} has no connected "${action}" schedule. List them with: npm run -s cli -- schedules`);
      }
      const input = scheduleInputSchema.parse({ cron: o.cron ?? current.cron, timezone: o.tz ?? current.timezone, paused: o.pause ? true : o.resume ? false : current.paused });
      const saved = await saveSchedule(current.integrationId, action, input, { actor: null, ip: "cli" });
      print(out(), saved, () => [saved.message, scheduleLine(saved.schedule, zone)].join("\n"));
    });
}
