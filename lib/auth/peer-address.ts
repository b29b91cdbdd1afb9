import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/**
 * The header that carries the TCP peer's address from Node's HTTP server to route handlers and
 * next-auth. Nothing else can: Next 16 removed `request.ip` (docs: upgrading/version-15, "NextRequest
 * Geolocation"), passes no socket to route handlers, proxy/middleware or next-auth, sets no
 * `x-real-ip`, and only fills `x-forwarded-for` with the socket address when the client sent none
 * (`??=` in next/dist/server/base-server.js), so that header is whatever a client wants it to be.
 */
export const PEER_ADDRESS_HEADER = "x-clearinghouse-peer-address";

const globalForPeer = globalThis as unknown as { peerAddressStamped?: boolean };

/**
 * Writes the socket's address into every incoming request's headers, replacing any copy a client
 * sent. Node publishes `http.server.request.start` (a documented diagnostics channel) synchronously
 * before the server's 'request' listener, i.e. before Next reads a single header; `register()` in
 * instrumentation.ts calls this once per server process, before it serves requests.
 */
export function stampPeerAddresses(): void {
  if (globalForPeer.peerAddressStamped) return;
  globalForPeer.peerAddressStamped = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket?: Socket };
    delete request.headers[PEER_ADDRESS_HEADER];
    const address = (socket ?? request.socket)?.remoteAddress;
    if (address) request.headers[PEER_ADDRESS_HEADER] = address;
  });
}
