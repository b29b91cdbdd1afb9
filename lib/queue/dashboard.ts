import { readFile } from "node:fs/promises";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import type { Queue } from "bullmq";
import { Hono } from "hono";
import { serveStatic, type ServeStaticOptions } from "hono/serve-static";
import { AppError, errorResponse } from "@/lib/errors";
import { QUEUES } from "@/lib/queue/jobs";
import { getQueue, whenRedisAnswers } from "@/lib/queue/producer";

// bull-board over the producer's queues (same Redis connection, same QUEUE_PREFIX), served by the
// admin-only catch-all app/api/queues/[[...path]]/route.ts. The page, its assets and its JSON API
// all live under one base path, so the one guard in front of it covers every request.

export const QUEUE_DASHBOARD_PATH = "/api/queues";
const BOARD_API_PATH = `${QUEUE_DASHBOARD_PATH}/api/`;

/**
 * bull-board's Hono adapter takes a runtime's serveStatic; Node's lives in @hono/node-server, which
 * this project does not otherwise need. Hono's own middleware refuses "..", "//", backslashes and
 * percent-escapes in the path before this reads a file under the UI's static folder.
 */
const serveUiAsset = (options: ServeStaticOptions) =>
  serveStatic({
    ...options,
    getContent: async (file) => {
      try {
        return new Uint8Array(await readFile(file));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") return null;
        throw error;
      }
    },
  });

/** route() logs an unexpected error with a reference and answers a sentence; Hono's default is a bare 500. */
function passToRoute(error: Error): never {
  throw error;
}

function buildBoard(queues: Queue[]): Hono {
  const adapter = new HonoAdapter(serveUiAsset).setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: "Clearinghouse queues", miscLinks: [{ text: "System status", url: "/status" }] } },
  });
  const board = adapter.registerPlugin().onError(passToRoute);
  return new Hono()
    .route(QUEUE_DASHBOARD_PATH, board)
    .notFound(() => errorResponse(new AppError("NOT_FOUND", `The queue dashboard has no page at this address. Open ${QUEUE_DASHBOARD_PATH}.`)))
    .onError(passToRoute);
}

// Cached on globalThis like the producer queues, so Next's dev reloads build the board once.
const globalForBoard = globalThis as unknown as { queueBoard?: { app: Hono; queues: Queue[] } };

/** The board for this process, rebuilt only when closeProducers() replaced the queues it watches. */
function queueBoard(): Hono {
  const queues = QUEUES.map(getQueue);
  const cached = globalForBoard.queueBoard;
  if (cached && cached.queues.every((queue, i) => queue === queues[i])) return cached.app;
  const app = buildBoard(queues);
  globalForBoard.queueBoard = { app, queues };
  return app;
}

/** Answers one request to the dashboard: the page, a UI asset, or a call to bull-board's JSON API. */
export async function serveQueueDashboard(request: Request): Promise<Response> {
  // With Redis down bull-board's calls would wait for a connection; say which Redis is down instead.
  if (new URL(request.url).pathname.startsWith(BOARD_API_PATH)) await whenRedisAnswers();
  return queueBoard().fetch(request);
}
