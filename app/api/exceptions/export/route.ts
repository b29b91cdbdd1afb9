import { route } from "@/lib/http/route";
import { logger } from "@/lib/logger";
import { allExceptions, exceptionFilterSchema } from "@/lib/matching/list-matches";
import { EXCEPTION_CSV_HEADER, exceptionCsvLine } from "@/lib/matching/exceptions-csv";

// Streams every exception matching the page's filters, so a large report never sits in memory.
export const GET = route({ permission: "exceptions.read", query: exceptionFilterSchema.omit({ page: true, pageSize: true }) }, async ({ query, user }) => {
  const encoder = new TextEncoder();
  const rows = allExceptions(query, user);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${EXCEPTION_CSV_HEADER.join(",")}\r\n`));
    },
    // One page of rows per pull, so a slow download does not make the server read ahead.
    async pull(controller) {
      const lines: string[] = [];
      try {
        for (let i = 0; i < 500; i++) {
          const next = await rows.next();
          if (next.done) {
            if (lines.length) controller.enqueue(encoder.encode(lines.join("")));
            controller.close();
            return;
          }
          lines.push(`${exceptionCsvLine(next.value)}\r\n`);
        }
      } catch (err) {
        // Headers are gone already: cut the download short (the browser reports it failed) and log why.
        logger.error({ err }, "exception CSV export failed mid-stream");
        controller.error(err);
        return;
      }
      controller.enqueue(encoder.encode(lines.join("")));
    },
    // The browser went away: stop reading the database.
    async cancel() {
      await rows.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="clearinghouse-exceptions-${day}.csv"`, "cache-control": "no-store" },
  });
});
