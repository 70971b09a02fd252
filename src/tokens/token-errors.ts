import { ErrorReason } from "@tessera/client/errors";

/** Why an access token was refused. Clients refresh on TOKEN_EXPIRED and sign in again on the others. */
export type TokenRejection = ErrorReason.TOKEN_EXPIRED | ErrorReason.TOKEN_INVALID | ErrorReason.TOKEN_REVOKED;

export class TokenRejectedError extends Error {
  override name = "TokenRejectedError";
  constructor(
    readonly reason: TokenRejection,
    /** Server-side detail for logs only; never sent to the client. */
    readonly detail: string,
  ) {
    super(`access token rejected: ${reason}`);
  }
}
