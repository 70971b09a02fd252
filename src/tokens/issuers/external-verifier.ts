import { ErrorReason } from "@tessera/client/errors";
import { errors, jwtVerify, type JWTHeaderParameters, type JWTPayload } from "jose";
import type { Viewer } from "../claims.js";
import { customClaims, type CustomClaims } from "../custom-claims.js";
import { TokenRejectedError } from "../token-errors.js";
import { refuseUnencodedPayload } from "../verify-access-token.js";
import { readClaim } from "./claim-path.js";
import { EXTERNAL_ALGORITHMS, type JwksCache } from "./jwks-cache.js";
import { linkedUserId } from "./linked-user-id.js";
import type { TrustedIssuer } from "./trusted-issuers.js";

export type ExternalVerifier = (token: string) => Promise<Viewer>;

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** A claim that holds a list: an array of strings, or one space-delimited string (OAuth's `scope`, Entra's `scp`). */
function list(value: unknown): string[] {
  if (typeof value === "string") return value.split(" ").filter(Boolean);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/**
 * Built once per trusted issuer. Its algorithms are pinned (by the configuration, else by what its keys declare),
 * `iss`, `aud`, `exp`, `nbf` and `iat` are checked as for Tessera's own tokens, and `typ` only when the issuer
 * requires it, since many providers send `JWT`. Roles come only through the issuer's map: a value in the token
 * that the map does not name grants nothing, even one spelled like one of ours.
 */
export function createExternalVerifier(issuer: TrustedIssuer, keys: JwksCache, clockToleranceSeconds: number): ExternalVerifier {
  const isAud = issuer.claims.audience.length === 1 && issuer.claims.audience[0] === "aud";
  const options = {
    algorithms: [...(issuer.algorithms ?? EXTERNAL_ALGORITHMS)],
    issuer: issuer.issuer,
    // jose checks `aud` itself; another claim named as the audience (Cognito's client_id) is checked below.
    ...(isAud ? { audience: [...issuer.audience] } : {}),
    requiredClaims: ["exp", "iat"],
    clockTolerance: clockToleranceSeconds,
    maxTokenAge: issuer.maxTokenAgeSeconds,
    ...(issuer.requireType ? { typ: issuer.requireType } : {}),
  };

  return async (token) => {
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, (header: JWTHeaderParameters) => keys.getKey(header), options);
      refuseUnencodedPayload(verified.protectedHeader);
      payload = verified.payload;
    } catch (error) {
      if (error instanceof TokenRejectedError) throw error;
      if (error instanceof errors.JWTExpired) throw new TokenRejectedError(ErrorReason.TOKEN_EXPIRED, error.message);
      if (error instanceof errors.JOSEError) throw new TokenRejectedError(ErrorReason.TOKEN_INVALID, `${error.code}: ${error.message}`);
      throw error;
    }
    // Expiry is strict, as for our own tokens: exp == now is expired.
    if (payload.exp! <= Date.now() / 1000) throw new TokenRejectedError(ErrorReason.TOKEN_EXPIRED, "exp is not in the future");
    if (!isAud && !issuer.audience.includes(readClaim(payload, issuer.claims.audience) as string)) {
      throw new TokenRejectedError(ErrorReason.TOKEN_INVALID, "audience claim mismatch");
    }
    const subject = text(readClaim(payload, issuer.claims.subject));
    if (!subject || subject.length > 255) throw new TokenRejectedError(ErrorReason.TOKEN_INVALID, "no usable subject claim");

    const mapped = issuer.claims.roles ? list(readClaim(payload, issuer.claims.roles)).map((value) => issuer.roleMap.get(value)) : [];
    const roles = new Set([...(issuer.defaultRole ? [issuer.defaultRole] : []), ...mapped.filter((role) => role !== undefined)]);
    const custom: Partial<CustomClaims> = {};
    for (const [name, path] of issuer.claims.custom) {
      const parsed = customClaims[name as keyof CustomClaims].schema.safeParse(readClaim(payload, path));
      if (parsed.success) custom[name as keyof CustomClaims] = parsed.data;
    }
    return {
      id: issuer.linkUsers ? linkedUserId(issuer.issuer, subject) : null,
      issuer: issuer.issuer,
      subject,
      external: true,
      roles: [...roles],
      scopes: issuer.claims.scopes ? list(readClaim(payload, issuer.claims.scopes)) : [],
      expiresAt: new Date(payload.exp! * 1000),
      issuedAt: new Date(payload.iat! * 1000),
      custom,
      claims: payload,
      // A provider's DPoP-bound token (RFC 9449 §6.1) is held to its key here as ours are.
      ...(typeof (payload.cnf as { jkt?: unknown } | undefined)?.jkt === "string" && { boundKey: (payload.cnf as { jkt: string }).jkt }),
      ...(issuer.linkUsers && {
        profile: {
          email: issuer.claims.email && text(readClaim(payload, issuer.claims.email)),
          displayName: issuer.claims.displayName && text(readClaim(payload, issuer.claims.displayName)),
        },
      }),
    };
  };
}
