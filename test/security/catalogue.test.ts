import { runTogether, type Suite } from "../helpers/run-together.js";
import algNoneIsRefused from "./01-alg-none-is-refused.suite.js";
import publicKeyIsNeverAnHmacSecret from "./02-public-key-is-never-an-hmac-secret.suite.js";
import algorithmsOutsideTheAllowlist from "./03-algorithms-outside-the-allowlist.suite.js";
import embeddedJwkAndX5cAreIgnored from "./04-embedded-jwk-and-x5c-are-ignored.suite.js";
import jkuAndX5uAreNeverFetched from "./05-jku-and-x5u-are-never-fetched.suite.js";
import unknownKidCostsNoIo from "./06-unknown-kid-costs-no-io.suite.js";
import hostileKidValuesTouchNothing from "./07-hostile-kid-values-touch-nothing.suite.js";
import lifetimeClaimsAreEnforced from "./08-lifetime-claims-are-enforced.suite.js";
import issuerAndAudienceAreEnforced from "./09-issuer-and-audience-are-enforced.suite.js";
import onlyAtJwtTypIsAccepted from "./10-only-at-jwt-typ-is-accepted.suite.js";
import refreshAndAccessTokensAreNotInterchangeable from "./11-refresh-and-access-tokens-are-not-interchangeable.suite.js";
import tamperedTokensAreRefused from "./12-tampered-tokens-are-refused.suite.js";
import onlyACompactJwsIsAToken from "./13-only-a-compact-jws-is-a-token.suite.js";
import claimsSetAndHeaderExtensions from "./14-claims-set-and-header-extensions.suite.js";
import duplicateMembersResolveOneWay from "./15-duplicate-members-resolve-one-way.suite.js";
import oversizedAuthorizationHeaders from "./16-oversized-authorization-headers.suite.js";
import tokenOnlyFromOneAuthorizationHeader from "./17-token-only-from-one-authorization-header.suite.js";
import protectedFieldsNeedAToken from "./18-protected-fields-need-a-token.suite.js";
import wrongRoleOrScopeIsForbidden from "./19-wrong-role-or-scope-is-forbidden.suite.js";
import claimShapesAreSchemaChecked from "./20-claim-shapes-are-schema-checked.suite.js";
import revokedSessionsCannotRefresh from "./21-revoked-sessions-cannot-refresh.suite.js";
import refreshTokenReuseRevokesTheFamily from "./22-refresh-token-reuse-revokes-the-family.suite.js";
import signInThrottledPerAccount from "./23-sign-in-throttled-per-account.suite.js";
import aliasedSignInsAndBatches from "./24-aliased-sign-ins-and-batches.suite.js";
import signInFailuresAreIndistinguishable from "./25-sign-in-failures-are-indistinguishable.suite.js";
import operationLimits from "./27-operation-limits.suite.js";
import productionMode from "./28-production-mode.suite.js";
import csrfAndContentTypes from "./29-csrf-and-content-types.suite.js";
import mongoOperatorsNeverMatch from "./30-mongo-operators-never-match.suite.js";
import internalErrorsAreMasked from "./31-internal-errors-are-masked.suite.js";
import secretsNeverLogged from "./32-secrets-never-logged.suite.js";

// The security catalogue (../shared/security-catalogue.md), one numbered file per hostile input, run together
// (test/helpers/run-together.ts). 26 runs apart: it wraps argon2 before Tessera is imported.

const CATALOGUE: Array<[string, Suite]> = [
  ["01-alg-none-is-refused", algNoneIsRefused],
  ["02-public-key-is-never-an-hmac-secret", publicKeyIsNeverAnHmacSecret],
  ["03-algorithms-outside-the-allowlist", algorithmsOutsideTheAllowlist],
  ["04-embedded-jwk-and-x5c-are-ignored", embeddedJwkAndX5cAreIgnored],
  ["05-jku-and-x5u-are-never-fetched", jkuAndX5uAreNeverFetched],
  ["06-unknown-kid-costs-no-io", unknownKidCostsNoIo],
  ["07-hostile-kid-values-touch-nothing", hostileKidValuesTouchNothing],
  ["08-lifetime-claims-are-enforced", lifetimeClaimsAreEnforced],
  ["09-issuer-and-audience-are-enforced", issuerAndAudienceAreEnforced],
  ["10-only-at-jwt-typ-is-accepted", onlyAtJwtTypIsAccepted],
  ["11-refresh-and-access-tokens-are-not-interchangeable", refreshAndAccessTokensAreNotInterchangeable],
  ["12-tampered-tokens-are-refused", tamperedTokensAreRefused],
  ["13-only-a-compact-jws-is-a-token", onlyACompactJwsIsAToken],
  ["14-claims-set-and-header-extensions", claimsSetAndHeaderExtensions],
  ["15-duplicate-members-resolve-one-way", duplicateMembersResolveOneWay],
  ["16-oversized-authorization-headers", oversizedAuthorizationHeaders],
  ["17-token-only-from-one-authorization-header", tokenOnlyFromOneAuthorizationHeader],
  ["18-protected-fields-need-a-token", protectedFieldsNeedAToken],
  ["19-wrong-role-or-scope-is-forbidden", wrongRoleOrScopeIsForbidden],
  ["20-claim-shapes-are-schema-checked", claimShapesAreSchemaChecked],
  ["21-revoked-sessions-cannot-refresh", revokedSessionsCannotRefresh],
  ["22-refresh-token-reuse-revokes-the-family", refreshTokenReuseRevokesTheFamily],
  ["23-sign-in-throttled-per-account", signInThrottledPerAccount],
  ["24-aliased-sign-ins-and-batches", aliasedSignInsAndBatches],
  ["25-sign-in-failures-are-indistinguishable", signInFailuresAreIndistinguishable],
  ["27-operation-limits", operationLimits],
  ["28-production-mode", productionMode],
  ["29-csrf-and-content-types", csrfAndContentTypes],
  ["30-mongo-operators-never-match", mongoOperatorsNeverMatch],
  ["31-internal-errors-are-masked", internalErrorsAreMasked],
  ["32-secrets-never-logged", secretsNeverLogged],
];

runTogether(CATALOGUE);
