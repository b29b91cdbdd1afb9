import type { Command } from "commander";
import type { ImportPreview } from "@/lib/config/preview-import";
import type { AppliedSchedule, Rematch } from "@/lib/config/apply-import";

// `cli config export [--out FILE]` and `cli config import FILE [--apply]`: the same lib/config
// functions as Settings › Configuration. Imports are lazy, as in scripts/cli.ts.

type Print = (out: { json: boolean }, value: unknown, human: () => string) => void;

const MARK = { added: "+", removed: "-", changed: "~" } as const;

function previewText(preview: ImportPreview): string {
  const lines: string[] = [];
  if (preview.exportedAt) lines.push(`File exported at ${preview.exportedAt}.`);
  for (const s of preview.sections) {
    if (s.state === "not-in-file") lines.push(`${s.title}: not in the file, left as it is`);
    else if (s.state === "unchanged") lines.push(`${s.title}: no change`);
    else {
      lines.push(`${s.title}: ${s.changes.length} change${s.changes.length === 1 ? "" : "s"}`);
      for (const c of s.changes) lines.push(`  ${MARK[c.kind]} ${c.item}${c.before !== undefined && c.after !== undefined ? `: ${c.before} → ${c.after}` : c.after !== undefined ? ` (${c.after})` : c.before !== undefined ? ` (${c.before})` : ""}`);
    }
  }
  if (preview.problems.length) {
    lines.push(`${preview.problems.length} problem${preview.problems.length === 1 ? "" : "s"}; nothing can be applied until ${preview.problems.length === 1 ? "it is" : "they are"} fixed:`);
    for (const p of preview.problems) lines.push(`  ${p.message}`);
  }
  return lines.join("\n");
}

function rematchText(r: Rematch): string {
  return r.runId ? `Re-matching ${r.system} (run ${r.runId}).` : `${r.system}: ${r.error ?? "the re-match was not queued."}`;
}

/** Only a schedule whose scheduler waits for Redis needs a line: the preview above already lists each change. */
function delayedScheduleText(s: AppliedSchedule): string {
  return `${s.system} ${s.action} schedule saved. ${s.delayed}`;
}

async function readConfigFile(path: string): Promise<string> {
  const [{ readFile }, { AppError }] = await Promise.all([import("node:fs/promises"), import("@/lib/errors")]);
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError("INVALID_INPUT", code === "ENOENT" ? `There is no file ${path}. Check the path.` : code === "EISDIR" ? `${path} is a folder; give the configuration file inside it.` : `Cannot read ${path} (${code ?? "unknown error"}).`);
  }
}

export function registerConfigCommands(program: Command, out: () => { json: boolean }, print: Print): void {
  const config = program.command("config").description("export the whole configuration (matching rules, field mappings, pull settings, schedules, KPI settings, CSM field, alert rules; never secrets) to one JSON file, or import one");

  config
    .command("export")
    .description("write the configuration as JSON to stdout, or to --out FILE")
    .option("--out <file>", "write it to this file instead of stdout")
    .action(async (o: { out?: string }) => {
      const { exportConfig } = await import("@/lib/config/export-config");
      const text = `${JSON.stringify(await exportConfig(), null, 2)}\n`;
      if (!o.out) {
        process.stdout.write(text);
        return;
      }
      const { writeFile } = await import("node:fs/promises");
      await writeFile(o.out, text);
      print(out(), { file: o.out, bytes: Buffer.byteLength(text) }, () => `Wrote the configuration to ${o.out}.`);
    });

  config
    .command("import")
    .description("show what a configuration file would change here; --apply applies it (only when it has no problem)")
    .argument("<file>", "a file written by config export, or downloaded from Settings › Configuration")
    .option("--apply", "apply the file in one audited transaction and re-match the tools whose rules changed")
    .action(async (path: string, o: { apply?: boolean }) => {
      const text = await readConfigFile(path);
      const { previewImport } = await import("@/lib/config/preview-import");
      const preview = await previewImport(text);
      if (!o.apply || !preview.ok) {
        print(out(), { applied: false, preview, rematches: [] }, () =>
          [previewText(preview), preview.ok ? (preview.changes ? "Preview only: nothing was changed. Add --apply to apply it." : "Nothing to change: this installation already has this configuration.") : ""].filter(Boolean).join("\n"),
        );
        if (!preview.ok) process.exitCode = 1;
        return;
      }
      const { applyImport } = await import("@/lib/config/apply-import");
      const result = await applyImport(text, { actor: null, ip: "cli" });
      print(out(), { applied: true, ...result }, () =>
        [previewText(result.preview), result.preview.changes ? `Applied ${result.preview.changes} change${result.preview.changes === 1 ? "" : "s"}.` : "Nothing to change: this installation already has this configuration.", ...result.schedules.filter((s) => s.delayed).map(delayedScheduleText), ...(result.csmPushes?.queued ? [`CSM field changed: ${result.csmPushes.queued} account CSM(s) set in Clearinghouse are being pushed to it.`] : []), ...result.rematches.map(rematchText)].join("\n"),
      );
      if (result.rematches.some((r) => !r.runId)) process.exitCode = 1;
    });
}
