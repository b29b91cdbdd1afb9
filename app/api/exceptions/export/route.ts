import { route } from "@/lib/http/route";
import { allExceptions, exceptionFilterSchema } from "@/lib/matching/list-matches";
import { EXCEPTION_CSV_HEADER, exceptionCsvLine } from "@/lib/matching/exceptions-csv";

// Streams every exception matching the page's filters, so a large report never sits in memory.
export const GET = route({ permission: "exceptions.read", query: exceptionFilterSchema.omit({ page: true, pageSize: true }) }, async ({ query }) => {
  const encoder = new TextEncoder();
  const rows = allExceptions(query);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${EXCEPTION_CSV_HEADER.join(",")}\r\n`));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${exceptionCsvLine(next.value)}\r\n`));
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="clearinghouse-exceptions-${day}.csv"` },
  });
});
