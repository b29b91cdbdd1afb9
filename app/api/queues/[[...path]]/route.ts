import { route } from "@/lib/http/route";
import { serveQueueDashboard } from "@/lib/queue/dashboard";

// The queue dashboard (bull-board): its page, UI assets and actions, every method behind the admin guard.
// Node runtime: bull-board reads its UI from disk. Never cached: every answer depends on the session.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const dashboard = route({ permission: "queues.manage" }, ({ request }) => serveQueueDashboard(request));

// bull-board 9 reads with GET and acts with PUT (retry, clean, promote, pause), POST (add) and PATCH (edit).
export const GET = dashboard;
export const POST = dashboard;
export const PUT = dashboard;
export const PATCH = dashboard;
