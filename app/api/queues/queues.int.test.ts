import type { Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { RoleName } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import { QUEUES } from "@/lib/queue/jobs";
import { closeProducers, enqueue, getQueue, producerRedis } from "@/lib/queue/producer";
import { GET, POST, PUT } from "./[[...path]]/route";

// The queue dashboard (bull-board at /api/queues) against the run's real Redis and queue prefix:
// admins see the three queues and act on jobs; every other role and a signed-out visitor are refused,
// for the page, its assets and its actions alike.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.user }));

type Handler = typeof GET;
const as = (role: RoleName): CurrentUser => ({ id: `u-${role}`, email: `${role.toLowerCase()}@queues.test`, name: null, role, mustChangePassword: false });

function call(handler: Handler, pathAndQuery: string, init: RequestInit = {}) {
  const url = `http://localhost/api/queues${pathAndQuery}`;
  const segments = new URL(url).pathname.split("/").slice(3).filter(Boolean);
  const request = new Request(url, { ...init, headers: { host: "localhost", ...init.headers } });
  // What Next hands the optional catch-all: no `path` at /api/queues itself.
  const params: Record<string, string[]> = segments.length ? { path: segments } : {};
  return handler(request, { params: Promise.resolve(params) });
}

interface BoardQueue {
  name: string;
  counts: { waiting: number; delayed: number };
  jobs: { id: string; name: string }[];
}

async function boardQueues(query = ""): Promise<BoardQueue[]> {
  const res = await call(GET, `/api/queues${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { queues: BoardQueue[] }).queues;
}

const created: Job[] = [];

beforeAll(async () => {
  session.user = as("ADMIN");
});

afterAll(async () => {
  await Promise.allSettled(created.map((job) => job.remove()));
  await closeProducers();
});

describe("the queue dashboard, as an admin", () => {
  it("serves the board's page under /api/queues", async () => {
    const res = await call(GET, "");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<base href="/api/queues/"');
    expect(html).toContain("Clearinghouse queues");
  });

  it("serves the UI's scripts, and nothing outside its static folder", async () => {
    const html = await (await call(GET, "")).text();
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await call(GET, `/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
    expect((await asset.text()).length).toBeGreaterThan(1000);
    for (const escape of ["/static/..%2f..%2f..%2fpackage.json", "/static/%2e%2e/%2e%2e/%2e%2e/package.json", "/static/js/..%5c..%5cpackage.json"]) {
      const res = await call(GET, escape);
      expect(res.status, escape).toBe(404);
      expect(await res.text(), escape).not.toContain('"name"');
    }
  });

  it("lists the three queues with their job counts, on this run's queue prefix", async () => {
    const before = await boardQueues();
    expect(before.map((q) => q.name).sort()).toEqual([...QUEUES].sort());
    const job = await enqueue("heartbeat", {});
    created.push(job);
    // The producer wrote under QUEUE_PREFIX, and the board reads the same keys.
    expect(await producerRedis().exists(`${inject("queuePrefix")}:system:${job.id}`)).toBe(1);
    const after = await boardQueues("?activeQueue=system&status=waiting");
    const waiting = (list: BoardQueue[], name: string) => list.find((q) => q.name === name)!.counts.waiting;
    expect(waiting(after, "system")).toBe(waiting(before, "system") + 1);
    expect(waiting(after, "sync")).toBe(waiting(before, "sync"));
    expect(after.find((q) => q.name === "system")!.jobs.map((j) => j.id)).toContain(job.id);
  });

  it("acts on a job: promotes a delayed one", async () => {
    const job = await enqueue("heartbeat", {}, { delay: 3_600_000 });
    created.push(job);
    expect(await job.getState()).toBe("delayed");
    const res = await call(PUT, `/api/queues/system/${job.id}/promote`, { method: "PUT" });
    expect(res.status).toBeLessThan(300);
    expect(await job.getState()).toBe("waiting");
  });

  it("answers an address the board does not have with a 404 and a sentence", async () => {
    const res = await call(GET, "/no/such/page");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Open \/api\/queues/);
  });

  it("refuses a cross-site action", async () => {
    const job = await enqueue("heartbeat", {}, { delay: 3_600_000 });
    created.push(job);
    const res = await call(PUT, `/api/queues/system/${job.id}/promote`, { method: "PUT", headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(await job.getState()).toBe("delayed");
  });
});

describe("the queue dashboard, for anyone else", () => {
  const reads = ["", "/api/queues", "/static/favicon.ico"];

  for (const role of ["OPS", "CSM", "VIEWER"] as const) {
    it(`refuses ${role} the page, its assets and the queues API (403)`, async () => {
      session.user = as(role);
      for (const path of reads) {
        const res = await call(GET, path);
        expect(res.status, path).toBe(403);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Ask an admin/);
      }
    });
  }

  it("refuses OPS the actions: adding a job and promoting one change nothing", async () => {
    session.user = as("ADMIN");
    const waitingBefore = (await boardQueues()).find((q) => q.name === "system")!.counts.waiting;
    const delayed = await enqueue("heartbeat", {}, { delay: 3_600_000 });
    created.push(delayed);

    const addHeartbeat = () =>
      call(POST, "/api/queues/system/add", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "system.heartbeat", data: {} }),
      });

    session.user = as("OPS");
    expect((await addHeartbeat()).status).toBe(403);
    expect((await call(PUT, `/api/queues/system/${delayed.id}/promote`, { method: "PUT" })).status).toBe(403);

    session.user = as("ADMIN");
    expect((await boardQueues()).find((q) => q.name === "system")!.counts.waiting).toBe(waitingBefore);
    expect(await delayed.getState()).toBe("delayed");
    // The same request from an admin does add the job: the refusal above was the guard, not the request.
    const added = await addHeartbeat();
    expect(added.status).toBe(200);
    const { job } = (await added.json()) as { job: { id: string } };
    const addedJob = await getQueue("system").getJob(job.id);
    if (addedJob) created.push(addedJob);
    expect((await boardQueues()).find((q) => q.name === "system")!.counts.waiting).toBe(waitingBefore + 1);
  });

  it("asks a signed-out visitor to sign in (401), for reads and actions", async () => {
    session.user = null;
    for (const path of reads) expect((await call(GET, path)).status, path).toBe(401);
    expect((await call(PUT, "/api/queues/system/1/promote", { method: "PUT" })).status).toBe(401);
  });
});
