// Where to go after signing in. Shared by the sign-in form (in the browser) and next-auth's
// `redirect` callback, so it imports nothing. Only a path on this origin is followed: "//host",
// "/\host" and "https://host" all lead off-site in a browser (backslashes count as slashes in
// URLs), so anything that is not plainly a local path sends the user to the console home.

const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

function decodedOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** `raw` as a same-origin path ("/sync?tab=runs"), or "/" if it could lead anywhere else. */
export function safeCallbackPath(raw: string | null | undefined, origin: string): string {
  if (typeof raw !== "string" || raw === "" || raw.length > 2048) return "/";
  const decoded = decodedOrNull(raw);
  if (decoded === null || UNSAFE_CHARACTERS.test(raw) || UNSAFE_CHARACTERS.test(decoded)) return "/";
  // A path must start with exactly one slash; anything else must be an absolute URL on this origin.
  if (raw.startsWith("/") ? raw.startsWith("//") : !/^https?:\/\//i.test(raw)) return "/";
  let url: URL;
  let home: URL;
  try {
    home = new URL(origin);
    url = new URL(raw, home);
  } catch {
    return "/";
  }
  if (url.origin !== home.origin) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  const decodedPath = decodedOrNull(url.pathname);
  if (!path.startsWith("/") || path.startsWith("//") || decodedPath === null || /^\/[/\\]/.test(decodedPath)) return "/";
  return path;
}
