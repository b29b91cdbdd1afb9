// next-auth reports failures as short codes; these are the sentences a person reads.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That email and password do not match. Check both and try again.",
  Deactivated: "This account has been deactivated. Ask an admin of your Clearinghouse to reactivate it.",
  Locked: "Too many failed attempts. Wait 15 minutes, or ask an admin to reset your password.",
  NotInvited: "Your single sign-on account is not a Clearinghouse user yet. Ask an admin to add your email.",
  Unavailable: "Sign-in is unavailable right now because a service is not answering. Try again in a minute.",
  SessionRequired: "Your session has ended. Sign in again.",
  OAuthSignin: "Single sign-on could not start. Try again, or sign in with your password.",
  OAuthCallback: "Single sign-on did not complete. Try again, or sign in with your password.",
  AccessDenied: "Access was denied. Ask an admin if you think this is wrong.",
};

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return MESSAGES[code] ?? "Sign-in failed. Try again; if it keeps failing, ask an admin.";
}
