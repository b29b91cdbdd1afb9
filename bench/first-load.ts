import { spawn } from "node:child_process";
import { gzipSync } from "node:zlib";

// What the first page a visitor sees (the sign-in page) costs: the JavaScript and CSS the browser
// downloads, raw and gzipped. Needs a production build (`npx next build`); starts `next start`
// on a spare port, measures, stops it. Prints JSON.
const PORT = Number(process.env.BENCH_PORT ?? 3399);
const base = `http://127.0.0.1:${PORT}`;

const server = spawn("npx", ["next", "start", "-p", String(PORT)], {
  stdio: "ignore",
  env: { ...process.env, NODE_ENV: "production", NEXTAUTH_SECRET: "bench-secret-bench-secret-bench", NEXTAUTH_URL: base },
  detached: true,
});

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`${base}/signin`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("next start did not answer within 60 s; run `npx next build` first");
}

try {
  await waitForServer();
  const html = await (await fetch(`${base}/signin`)).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const unique = [...new Set(assets)];
  let jsRaw = 0;
  let jsGzip = 0;
  let cssRaw = 0;
  let cssGzip = 0;
  for (const path of unique) {
    const body = Buffer.from(await (await fetch(`${base}${path}`)).arrayBuffer());
    const gz = gzipSync(body).length;
    if (path.endsWith(".js")) {
      jsRaw += body.length;
      jsGzip += gz;
    } else {
      cssRaw += body.length;
      cssGzip += gz;
    }
  }
  const kib = (n: number) => Math.round((n / 1024) * 10) / 10;
  console.log(
    JSON.stringify(
      {
        page: "/signin",
        jsFiles: unique.filter((p) => p.endsWith(".js")).length,
        jsKiB: kib(jsRaw),
        jsGzipKiB: kib(jsGzip),
        cssKiB: kib(cssRaw),
        cssGzipKiB: kib(cssGzip),
        htmlKiB: kib(Buffer.byteLength(html)),
      },
      null,
      2,
    ),
  );
} finally {
  if (server.pid) process.kill(-server.pid, "SIGTERM");
}
