import { z } from "zod";

// Keyset position in the run list: (startedAt, id) of a row. Runs keep arriving while someone pages,
// so an offset would shift rows between pages; a keyset does not. startedAt is stored with
// millisecond precision (timestamp(3)), so milliseconds round-trip exactly.

export interface RunPosition {
  startedAt: Date;
  id: string;
}

export const encodeRunCursor = (p: RunPosition): string => `${p.startedAt.getTime()}_${p.id}`;

export const runCursorSchema = z
  .string()
  .regex(/^\d{1,15}_[A-Za-z0-9-]{1,64}$/, "is not a position in the run list")
  .transform((s): RunPosition => {
    const cut = s.indexOf("_");
    return { startedAt: new Date(Number(s.slice(0, cut))), id: s.slice(cut + 1) };
  });
