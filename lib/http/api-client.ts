// The browser's side of lib/http/route.ts: one fetcher that turns error bodies into ApiError so
// forms can show the server's sentence and per-field messages.
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function api<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError("The server could not be reached. Check your connection and try again.", 0, "NETWORK");
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as { error?: { message?: string; code?: string; fields?: Record<string, string> } } | null)?.error;
    throw new ApiError(
      error?.message ?? `The server answered ${response.status}. Try again in a moment.`,
      response.status,
      error?.code ?? "HTTP",
      error?.fields,
    );
  }
  return payload as T;
}
