import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";
import { clearFailedSignIns, lockedForMinutes, recordFailedSignIn } from "@/lib/auth/login-throttle";
import { emailSchema } from "@/lib/users/schemas";

// Codes travel through next-auth's `error` field to the sign-in page, which turns them into
// sentences (components/auth/sign-in-errors.ts). Unknown e-mail and wrong password share one
// code so the form does not reveal which addresses have accounts.
export type SignInFailure = "CredentialsSignin" | "Deactivated" | "Locked";

export class SignInError extends Error {
  constructor(readonly code: SignInFailure) {
    super(code);
  }
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
}

// A constant-cost check for unknown accounts keeps timing from revealing which emails exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export async function verifyCredentials(input: { email: unknown; password: unknown; ip: string }): Promise<SignedInUser> {
  const email = emailSchema.safeParse(input.email);
  const password = typeof input.password === "string" ? input.password : "";
  if (!email.success || password.length === 0 || password.length > 200) throw new SignInError("CredentialsSignin");

  if ((await lockedForMinutes(email.data, input.ip)) > 0) throw new SignInError("Locked");

  const user = await db.user.findUnique({ where: { email: email.data } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) {
    await recordFailedSignIn(email.data, input.ip);
    throw new SignInError("CredentialsSignin");
  }
  if (!user.active) throw new SignInError("Deactivated");

  await clearFailedSignIns(email.data);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
