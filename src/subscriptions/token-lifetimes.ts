import type { WebSocket } from "ws";
import type { Viewer } from "../tokens/claims.js";
import type { Revocations } from "../sessions/revocation.js";
import { ErrorReason } from "@tessera/client/errors";
import type { TokenRejection } from "../tokens/token-errors.js";
import type { Logger } from "../logger.js";
import { CloseCode } from "./close-codes.js";

export interface TokenLifetimes {
  /**
   * Ends `socket` with 4401 when its viewer's token expires or its user is revoked, whichever comes first.
   * Returns what stops watching: a connection handed a fresh token is watched again, for the new one.
   */
  watch(socket: WebSocket, viewer: Viewer, log: Logger): () => void;
  stop(): void;
}

interface Watched {
  socket: WebSocket;
  viewer: Viewer;
  log: Logger;
}

function end({ socket, viewer, log }: Watched, reason: TokenRejection): void {
  log.info({ viewer: viewer.subject, reason }, "subscription connection closed: its token is no longer valid");
  socket.close(CloseCode.UNAUTHORIZED, reason);
}

/**
 * A token is verified once, at connect; a connection must not outlive it.
 * At `exp` the socket is closed (4401 TOKEN_EXPIRED), so the client
 * reconnects with a fresh token; a revocation this instance learns (by any
 * path: here, Redis or a resync) closes its user's older connections at once
 * (4401 TOKEN_REVOKED).
 */
export function watchTokenLifetimes(revocations: Revocations): TokenLifetimes {
  const byUser = new Map<string, Set<Watched>>();
  const stopListening = revocations.onRevoked((userId, validAfter) => {
    for (const watched of byUser.get(userId) ?? []) {
      if (watched.viewer.issuedAt.getTime() / 1000 < validAfter) end(watched, ErrorReason.TOKEN_REVOKED);
    }
  });
  return {
    watch(socket, viewer, log) {
      // The client may have left while its token was being verified: its "close" has fired already.
      if (socket.readyState !== socket.OPEN) return () => {};
      const watched = { socket, viewer, log };
      const timer = setTimeout(() => end(watched, ErrorReason.TOKEN_EXPIRED), viewer.expiresAt.getTime() - Date.now());
      // A viewer with no local user (another issuer's, unlinked) cannot be revoked here: only its expiry ends it.
      const userId = viewer.id;
      if (userId !== null) {
        if (!byUser.has(userId)) byUser.set(userId, new Set());
        byUser.get(userId)!.add(watched);
      }
      const unwatch = () => {
        clearTimeout(timer);
        socket.off("close", unwatch);
        if (userId === null) return;
        byUser.get(userId)?.delete(watched);
        if (byUser.get(userId)?.size === 0) byUser.delete(userId);
      };
      socket.once("close", unwatch);
      return unwatch;
    },
    stop: stopListening,
  };
}
