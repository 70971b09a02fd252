import type { UserRecord } from "../users/user.model.js";
import { toUserType } from "../users/user.mapper.js";
import type { AccessTokenIssuer } from "../tokens/access-token.js";
import { viewerFromClaims } from "../tokens/claims.js";
import { viewedAs } from "../authorization/viewed-as.js";
import type { AuthPayload } from "./auth-payload.type.js";
import type { IssuedRefreshToken } from "../sessions/refresh.js";
import type { RefreshTokenTransport } from "../sessions/refresh-transport.js";

export function authPayload(
  user: UserRecord,
  access: Awaited<ReturnType<AccessTokenIssuer>>,
  refresh: IssuedRefreshToken,
  transport: RefreshTokenTransport,
): AuthPayload {
  return {
    accessToken: access.token,
    // RFC 9449 §5: a bound token's type is DPoP, and it is presented as `Authorization: DPoP <token>`.
    tokenType: access.claims.cnf ? "DPoP" : "Bearer",
    expiresIn: access.expiresIn,
    refreshToken: transport.deliver(refresh),
    refreshExpiresAt: refresh.expiresAt,
    // The payload's user is seen by its own account, so `self` fields (email, roles) resolve for it.
    user: viewedAs(toUserType(user), viewerFromClaims(access.claims)),
  };
}
