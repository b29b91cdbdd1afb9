// The local Salesforce emulator's consent page is a plain HTML form. `cli connect-demo` answers it
// the way a person clicking Approve would, so the demo connects without a browser. Real
// Salesforce needs a person at the consent page; this is never used against it.
export async function approveDemoConsent(authorizeUrl: string): Promise<{ code: string; state: string }> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  if (page.status !== 200 || !action) {
    throw new Error(`The Salesforce consent page at ${new URL(authorizeUrl).origin} did not offer an Approve form (HTTP ${page.status}).`);
  }
  const fields = new URLSearchParams({ decision: "approve" });
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, decodeEntities(m[2]!));
  const answer = await fetch(new URL(action, authorizeUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: fields.toString(),
    redirect: "manual",
  });
  const location = answer.headers.get("location");
  const redirect = location ? new URL(location) : null;
  const code = redirect?.searchParams.get("code");
  const state = redirect?.searchParams.get("state");
  if (!code || !state) throw new Error(`The Salesforce consent did not return a code (HTTP ${answer.status}).`);
  return { code, state };
}

function decodeEntities(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
