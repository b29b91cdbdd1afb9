import { requireUser } from "@/app/_auth/require";
import { ChangePasswordForm } from "@/components/auth/change-password-form";

export const metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requireUser();
  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="text-center text-2xl font-semibold text-brand-900">Set your password</h1>
        <p className="mt-1 text-center text-sm text-slate-600">{user.email}</p>
        <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <ChangePasswordForm email={user.email} mustChange={user.mustChangePassword} />
        </div>
      </div>
    </div>
  );
}
