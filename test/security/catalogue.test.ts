import { expectNoSecretsInLogs } from "../helpers/no-secrets-in-logs.js";
import algNoneIsRefused from "./01-alg-none-is-refused.js";
import publicKeyIsNeverAnHmacSecret from "./02-public-key-is-never-an-hmac-secret.js";
import algorithmsOutsideTheAllowlist from "./03-algorithms-outside-the-allowlist.js";
import embeddedJwkAndX5cAreIgnored from "./04-embedded-jwk-and-x5c-are-ignored.js";
import jkuAndX5uAreNeverFetched from "./05-jku-and-x5u-are-never-fetched.js";
import unknownKidCostsNoIo from "./06-unknown-kid-costs-no-io.js";
import hostileKidValuesTouchNothing from "./07-hostile-kid-values-touch-nothing.js";
import lifetimeClaimsAreEnforced from "./08-lifetime-claims-are-enforced.js";
import issuerAndAudienceAreEnforced from "./09-issuer-and-audience-are-enforced.js";
import onlyAtJwtTypIsAccepted from "./10-only-at-jwt-typ-is-accepted.js";
import refreshAndAccessTokensAreNotInterchangeable from "./11-refresh-and-access-tokens-are-not-interchangeable.js";
import tamperedTokensAreRefused from "./12-tampered-tokens-are-refused.js";
import onlyACompactJwsIsAToken from "./13-only-a-compact-jws-is-a-token.js";
import claimsSetAndHeaderExtensions from "./14-claims-set-and-header-extensions.js";
import duplicateMembersResolveOneWay from "./15-duplicate-members-resolve-one-way.js";
import oversizedAuthorizationHeaders from "./16-oversized-authorization-headers.js";
import tokenOnlyFromOneAuthorizationHeader from "./17-token-only-from-one-authorization-header.js";
import protectedFieldsNeedAToken from "./18-protected-fields-need-a-token.js";
import wrongRoleOrScopeIsForbidden from "./19-wrong-role-or-scope-is-forbidden.js";
import claimShapesAreSchemaChecked from "./20-claim-shapes-are-schema-checked.js";
import revokedSessionsCannotRefresh from "./21-revoked-sessions-cannot-refresh.js";
import refreshTokenReuseRevokesTheFamily from "./22-refresh-token-reuse-revokes-the-family.js";
import signInThrottledPerAccount from "./23-sign-in-throttled-per-account.js";
import aliasedSignInsAndBatches from "./24-aliased-sign-ins-and-batches.js";
import signInFailuresAreIndistinguishable from "./25-sign-in-failures-are-indistinguishable.js";
import operationLimits from "./27-operation-limits.js";
import productionMode from "./28-production-mode.js";
import csrfAndContentTypes from "./29-csrf-and-content-types.js";
import mongoOperatorsNeverMatch from "./30-mongo-operators-never-match.js";
import internalErrorsAreMasked from "./31-internal-errors-are-masked.js";
import secretsNeverLogged from "./32-secrets-never-logged.js";

// The security catalogue (../shared/security-catalogue.md), one numbered file per hostile input, run in one module
// registry: jest would otherwise import the whole application once per file (0.9 s each). Each file's tests run in
// a describe of their own, with their own servers, one file after another, and the logs of the servers a file
// started are searched for its secrets when it ends. 26 runs apart: it wraps argon2 before Tessera is imported.

const CATALOGUE: Array<[string, () => void]> = [
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

for (const [file, suite] of CATALOGUE) {
  describe(file, () => {
    suite();
    afterAll(expectNoSecretsInLogs);
  });
}
