// Optional persistence to one JSON file, so a demo org survives restarts (including the
// refresh token the product stored). Saves are debounced because a Bulk job writes thousands
// of rows; the file is replaced atomically so a crash never leaves half a state behind.

import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { exportSalesforceState, loadSalesforceFixture, parseSalesforceFixture } from "./fixture";
import type { EmulatorState } from "./state";

const DEBOUNCE_MS = 500;
const MAX_WAIT_MS = 5_000;

const persistedSchema = z.object({
  format: z.literal("clearinghouse-salesforce-emulator/1"),
  fixture: z.unknown(),
  tokens: z.object({ access: z.array(z.any()), refresh: z.array(z.any()) }),
  usage: z.object({ used: z.number(), windowStart: z.number() }),
  idCounter: z.number().int().min(0),
});

export class Persister {
  private timer: NodeJS.Timeout | undefined;
  private firstDirtyAt: number | undefined;

  constructor(
    private readonly file: string,
    private readonly state: EmulatorState,
  ) {}

  /** Loads the saved state; false when the file does not exist yet. */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, "utf8"));
    } catch (err) {
      throw new Error(`Cannot read emulator state from ${this.file}: ${(err as Error).message}`);
    }
    const parsed = persistedSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${this.file} is not a Salesforce emulator state file`);
    loadSalesforceFixture(this.state.org, parseSalesforceFixture(parsed.data.fixture));
    this.state.tokens.restore(parsed.data.tokens);
    this.state.usage.restore(parsed.data.usage);
    this.state.org.ids.setCounter(parsed.data.idCounter);
    return true;
  }

  schedule(): void {
    const now = Date.now();
    this.firstDirtyAt ??= now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstDirtyAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => this.saveNow(), wait);
  }

  saveNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.firstDirtyAt = undefined;
    const body = {
      format: "clearinghouse-salesforce-emulator/1",
      fixture: exportSalesforceState(this.state.org),
      tokens: this.state.tokens.snapshot(),
      usage: this.state.usage.snapshot(),
      idCounter: this.state.org.ids.getCounter(),
    };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(body));
    renameSync(tmp, this.file);
  }

  close(): void {
    this.saveNow();
  }
}
