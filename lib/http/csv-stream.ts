import { logger } from "@/lib/logger";

// A CSV download streamed from an async generator of rows, one batch per pull, so a slow download
// never makes the server read ahead and 100,000 rows never sit in memory as text. Shared by the
// exports (accounts list, a run's records).

export function csvDownload<T>(rows: AsyncGenerator<T>, toCsv: (batch: T[], first: boolean) => string, { filename, what, batchSize = 500 }: { filename: string; what: string; batchSize?: number }): Response {
  const encoder = new TextEncoder();
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const batch: T[] = [];
      try {
        for (let i = 0; i < batchSize; i++) {
          const next = await rows.next();
          if (next.done) break;
          batch.push(next.value);
        }
      } catch (err) {
        // Headers are gone already: cut the download short (the browser reports it failed) and log why.
        logger.error({ err }, `${what} CSV export failed mid-stream`);
        controller.error(err);
        return;
      }
      const text = toCsv(batch, first);
      first = false;
      if (text) controller.enqueue(encoder.encode(text));
      if (batch.length < batchSize) controller.close();
    },
    // The browser went away: stop reading the database.
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
}
