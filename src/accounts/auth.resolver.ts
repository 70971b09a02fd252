import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { ErrorCode, ErrorReason, TesseraError } from "../errors.js";
import type { UserRecord } from "../users/user.model.js";
import { authenticate, changeAccountPassword, createAccount, findActiveUser } from "./accounts.js";
import { AuthPayload, SignUpInput } from "./auth-payload.type.js";
import { Auth, Public } from "../authorization/directive.js";
import { requireViewer } from "../authorization/require-viewer.js";
import { endEverySession } from "../sessions/end-every-session.js";
import { RefreshRejectedError, revokeFamilyOf, rotateRefreshToken, startRefreshFamily } from "../sessions/refresh.js";
import { throttleSignIn } from "../rate-limit/sign-in-throttle.js";
import { authPayload } from "./payload.js";
import { untilValid } from "../sessions/revocation.js";
import { dpopProofRejected } from "../tokens/dpop/dpop-rejections.js";

function invalidRefreshToken(): TesseraError {
  return new TesseraError(ErrorCode.UNAUTHENTICATED, "The refresh token is invalid or expired; sign in again", {
    reason: ErrorReason.REFRESH_TOKEN_INVALID,
  });
}

/**
 * The key this request's tokens are bound to: the DPoP proof's. DPOP=required issues no bearer token, and says so
 * before a password is checked or a refresh token used.
 */
function keyToBind(ctx: Context): string | undefined {
  if (ctx.auth.dpopRequired && !ctx.auth.proofKey) throw dpopProofRejected("This API issues DPoP-bound tokens only: send a DPoP proof");
  return ctx.auth.proofKey;
}

async function signedIn(user: UserRecord, ctx: Context, boundKey: string | undefined): Promise<AuthPayload> {
  const [access, refresh] = await Promise.all([
    ctx.auth.issueAccessToken(user, { boundKey }),
    startRefreshFamily(user._id, ctx.auth.refreshTokenTtlSeconds, boundKey),
  ]);
  return authPayload(user, access, refresh, ctx.auth.refreshTransport);
}

/** Another provider's viewer signs in, refreshes and changes its password there, never here. */
function refuseExternalViewer(ctx: Context, action: string): void {
  if (!ctx.viewer?.external) return;
  throw new TesseraError(ErrorCode.FORBIDDEN, `Your identity provider handles ${action}, not Tessera`, { reason: ErrorReason.EXTERNAL_IDENTITY });
}

@Resolver()
export class AuthResolver {
  @Public()
  @Mutation(() => AuthPayload, { nullable: true, description: "Creates an account with the USER role and signs it in." })
  async signUp(@Arg("input", () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    const boundKey = keyToBind(ctx);
    await ctx.rateLimits.consume({ signUpByAddress: ctx.clientAddress });
    return signedIn(await createAccount(input), ctx, boundKey);
  }

  @Public()
  @Mutation(() => AuthPayload, { nullable: true, description: "Checks the password and issues an access token and a refresh token." })
  async signIn(@Arg("email") email: string, @Arg("password") password: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    refuseExternalViewer(ctx, "signing in");
    const boundKey = keyToBind(ctx);
    const user = await throttleSignIn(ctx.rateLimits, email, ctx.clientAddress, () => authenticate(email, password));
    return signedIn(user, ctx, boundKey);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    nullable: true,
    description:
      "Exchanges a refresh token for new tokens. Each refresh token works once; presenting it again revokes its family. " +
      "Without the argument, the token comes from the httpOnly cookie (REFRESH_TOKEN_TRANSPORT=cookie).",
  })
  async refreshToken(
    @Arg("refreshToken", () => String, { nullable: true }) argument: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    refuseExternalViewer(ctx, "refreshing tokens");
    const proofKey = keyToBind(ctx);
    await ctx.rateLimits.consume({ refreshByAddress: ctx.clientAddress });
    const transport = ctx.auth.refreshTransport;
    const token = transport.presented(argument);
    try {
      if (token === undefined) throw new RefreshRejectedError("missing");
      const rotated = await rotateRefreshToken(token, async (userId) => {
        await ctx.rateLimits.consume({ refreshByAccount: userId.toString() });
        return findActiveUser(userId);
      }, proofKey);
      // A bound family's key, or else this request's proof: an unbound family's refresh may still bind its access token.
      const access = await ctx.auth.issueAccessToken(rotated.user, { boundKey: rotated.boundKey ?? proofKey });
      return authPayload(rotated.user, access, rotated, transport);
    } catch (error) {
      if (!(error instanceof RefreshRejectedError)) throw error;
      // The holder of a bound family has its key; whoever sent this without it does not. The family stays.
      if (error.detail === "key-not-proven") throw dpopProofRejected("This refresh token is bound to a DPoP key: send a proof made with it");
      ctx.log.info({ reason: error.detail }, "refresh token rejected");
      transport.discard();
      throw invalidRefreshToken();
    }
  }

  @Public()
  @Mutation(() => Boolean, {
    nullable: true,
    description:
      "Revokes the refresh token's family (the argument's, or the cookie's without it). " +
      "With everywhere: every family of its user, and every access token they hold (TOKEN_REVOKED).",
  })
  async signOut(
    @Arg("refreshToken", () => String, { nullable: true }) argument: string | null,
    @Arg("everywhere", () => Boolean, { nullable: true, defaultValue: false }) everywhere: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    const transport = ctx.auth.refreshTransport;
    const token = transport.presented(argument);
    const family = token === undefined ? undefined : await revokeFamilyOf(token);
    transport.discard();
    if (!family) return false;
    if (everywhere) await endEverySession(family.userId.toString(), ctx.auth.revocations);
    return true;
  }

  @Auth()
  @Mutation(() => AuthPayload, { nullable: true, description: "Changes the password, signs out every session, and returns fresh tokens." })
  async changePassword(
    @Arg("currentPassword") currentPassword: string,
    @Arg("newPassword") newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const viewer = requireViewer(ctx);
    refuseExternalViewer(ctx, "passwords");
    const boundKey = keyToBind(ctx);
    // A viewer of our own tokens always has a user id: its `sub`.
    const userId = viewer.id!;
    await ctx.rateLimits.consume({ changePasswordByAccount: userId, changePasswordByAddress: ctx.clientAddress });
    const user = await changeAccountPassword(userId, currentPassword, newPassword);
    const validAfter = await endEverySession(userId, ctx.auth.revocations);
    // The fresh access token must be issued after the revocation it survives.
    await untilValid(validAfter);
    return signedIn(user, ctx, boundKey);
  }
}
