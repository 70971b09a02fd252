// @tessera/client: what a frontend needs to talk to Tessera, without Apollo (see ./apollo for the Link).
export { connectionParams, socketCredentials, type ConnectionParamsOptions, type SocketCredentials } from "./connection-params.js";
export {
  authorizationFor,
  browserDpopKey,
  createDpopSigner,
  generateDpopKey,
  isDpopBound,
  requestCredentials,
  type DpopOptions,
  type DpopSigner,
  type ProofRequest,
} from "./dpop.js";
export { ErrorCode, ErrorReason, hasReason, SIGNED_OUT_REASONS, type GraphQLErrorLike, type TesseraErrorExtensions } from "./errors.js";
export { createRefresher, REFRESH_SESSION, REFRESH_SESSION_HASH, SessionEndedError, type RefresherOptions } from "./refresh.js";
export { singleFlight } from "./single-flight.js";
export { keepSocketTokenFresh, type SocketRefreshOptions } from "./socket-refresh.js";
export { expiresAt, isExpired } from "./token-expiry.js";
export { createCookieTokenStore, createMemoryTokenStore, type RefreshTransport, type SessionTokens, type TokenStore } from "./token-store.js";
