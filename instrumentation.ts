// Runs once when a Next.js server starts, before it handles requests.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // The only way a route handler or next-auth learns the client's socket address in Next 16:
    // see lib/auth/peer-address.ts.
    const { stampPeerAddresses } = await import("@/lib/auth/peer-address");
    stampPeerAddresses();
  }
}
