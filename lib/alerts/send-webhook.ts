// The outgoing webhook: one POST of Slack's incoming-webhook JSON, {"text": "..."}, which Slack,
// Mattermost, Rocket.Chat and most chat tools accept. A failure is returned as a sentence, never thrown.

const TIMEOUT_MS = 10_000;

/** A vendor's answer, trimmed and stripped of control characters, fit to quote in a sentence. */
function quote(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim().slice(0, 200);
  return clean ? ` It said: "${clean}".` : "";
}

export async function sendWebhook(url: string, text: string): Promise<string | null> {
  const host = new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text }),
      // A webhook that redirects elsewhere is refused: the address saved is the one that receives.
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    if ((error as Error).name === "TimeoutError") return `The webhook at ${host} did not answer within ${TIMEOUT_MS / 1000} seconds. Check that it is up, then wait for the next try.`;
    return `The webhook at ${host} could not be reached${cause ? ` (${cause})` : ""}. Check the address in the alert settings and that this server may connect to it.`;
  }
  const body = await response.text().catch(() => "");
  if (response.ok) return null;
  const hint = response.status === 404 || response.status === 410 || response.status === 403 ? " The webhook may have been removed or revoked: create a new one and enter it in the alert settings." : "";
  return `The webhook at ${host} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.${quote(body)}${hint}`;
}
