"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto mt-24 max-w-md px-6 text-center">
      <h1 className="text-2xl font-semibold">This page could not be shown</h1>
      <p className="mt-2 text-sm text-slate-600">
        Something failed on the server, often because PostgreSQL or Redis is not answering. Open System status to see
        what is down, then try again.
        {error.digest ? ` Reference: ${error.digest}.` : ""}
      </p>
      <div className="mt-6 flex justify-center gap-4 text-sm">
        <button type="button" onClick={reset} className="font-medium text-brand-700 hover:underline">
          Try again
        </button>
        <a href="/status" className="font-medium text-brand-700 hover:underline">
          System status
        </a>
      </div>
    </div>
  );
}
