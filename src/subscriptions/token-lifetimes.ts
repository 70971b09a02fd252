import type { WebSocket } from "ws";
import type { Viewer } from "../tokens/claims.js";
import type { Revocations } from "../sessions/revocation.js";
import { ErrorReason } from "@tessera/client/errors";
import type { TokenRejection } from "../tokens/token-errors.js";
import type { Logger } from "../logger.js";
import { CloseCode } from "./close-codes.js";

export interface TokenLifetimes {
  /** Ends `socket` with 4401 when its viewer's token expires or its user is revoked, whichever comes first. */
  watch(socket: WebSocket, viewer: Viewer, log: Logger): void;
  stop(): void;
}

interface Watched {
  socket: WebSocket;
  viewer: Viewer;
  log: Logger;
}

function end({ socket, viewer, log }: Watched, reason: TokenRejection): void {
  log.info({ viewer: viewer.id, reason }, "subscription connection closed: its token is no longer valid");
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
      if (watched.viewer.claims.iat < validAfter) end(watched, ErrorReason.TOKEN_REVOKED);
    }
  });
  return {
    watch(socket, viewer, log) {
      // The client may have left while its token was being verified: its "close" has fired already.
      if (socket.readyState !== socket.OPEN) return;
      const watched = { socket, viewer, log };
      const timer = setTimeout(() => end(watched, ErrorReason.TOKEN_EXPIRED), viewer.expiresAt.getTime() - Date.now());
      if (!byUser.has(viewer.id)) byUser.set(viewer.id, new Set());
      byUser.get(viewer.id)!.add(watched);
      socket.once("close", () => {
        clearTimeout(timer);
        byUser.get(viewer.id)?.delete(watched);
        if (byUser.get(viewer.id)?.size === 0) byUser.delete(viewer.id);
      });
    },
    stop: stopListening,
  };
}
