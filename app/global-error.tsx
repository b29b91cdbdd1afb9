"use client";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "4rem", textAlign: "center" }}>
        <h1>Clearinghouse could not load</h1>
        <p>
          The server failed to render this page. Check that PostgreSQL and Redis are running (npm run cli -- status), then
          reload.{error.digest ? ` Reference: ${error.digest}.` : ""}
        </p>
      </body>
    </html>
  );
}
