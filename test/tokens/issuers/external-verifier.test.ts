import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import { createExternalVerifier } from "../../../src/tokens/issuers/external-verifier.js";
import { createJwksCache } from "../../../src/tokens/issuers/jwks-cache.js";
import { parseTrustedIssuers } from "../../../src/tokens/issuers/trusted-issuers.js";

// Issue 18: tokens laid out as Keycloak, Auth0, Entra ID and Cognito lay them out, RS256, keys from a local JWKS.

let server: Server;
let jwksUri: string;
let rsa: { privateKey: CryptoKey; jwk: JWK };
let ec: { privateKey: CryptoKey; jwk: JWK };
beforeAll(async () => {
  const rsaPair = await generateKeyPair("RS256", { extractable: true });
  const ecPair = await generateKeyPair("ES256", { extractable: true });
  rsa = { privateKey: rsaPair.privateKey, jwk: { ...(await exportJWK(rsaPair.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" } };
  ec = { privateKey: ecPair.privateKey, jwk: { ...(await exportJWK(ecPair.publicKey)), kid: "ec-1", alg: "ES256" } };
  server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [rsa.jwk, ec.jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ISSUER = "https://idp.example.com/";
const now = () => Math.floor(Date.now() / 1000);

function verifierFor(entry: Record<string, unknown>) {
  const [issuer] = parseTrustedIssuers(JSON.stringify([{ issuer: ISSUER, audience: "tessera-api", jwksUri, ...entry }]), "https://tessera.test");
  return createExternalVerifier(issuer!, createJwksCache({ uri: jwksUri }), 0);
}

function sign(payload: JWTPayload, { key = rsa, typ = "JWT" }: { key?: typeof rsa; typ?: string } = {}) {
  return new SignJWT({ iss: ISSUER, aud: "tessera-api", iat: now(), exp: now() + 300, ...payload })
    .setProtectedHeader({ alg: key === rsa ? "RS256" : "ES256", kid: key.jwk.kid!, typ })
    .sign(key.privateKey);
}

it("Keycloak: realm roles and a space-delimited scope", async () => {
  const verify = verifierFor({
    claims: { roles: "realm_access.roles", email: "email", displayName: "name" },
    roles: { map: { "tessera-editor": "EDITOR" }, default: "USER" },
  });
  const identity = await verify(
    await sign({ sub: "f1b8-kc", realm_access: { roles: ["offline_access", "tessera-editor"] }, scope: "openid profile posts:write", email: "kim@example.com", name: "Kim" }),
  );
  expect(identity).toMatchObject({ issuer: ISSUER, subject: "f1b8-kc", roles: ["USER", "EDITOR"], scopes: ["openid", "profile", "posts:write"], profile: { email: "kim@example.com", displayName: "Kim" } });
});

it("Auth0: namespaced roles, permissions as the scopes, a custom claim under a namespace", async () => {
  const verify = verifierFor({
    claims: { roles: '["https://tessera.example/roles"]', scopes: "permissions", custom: { plan: '["https://tessera.example/plan"]' } },
    roles: { map: { admin: "ADMIN" } },
  });
  const identity = await verify(
    await sign({ sub: "auth0|65f0", "https://tessera.example/roles": ["admin"], permissions: ["users:admin"], "https://tessera.example/plan": "pro" }),
  );
  expect(identity).toMatchObject({ subject: "auth0|65f0", roles: ["ADMIN"], scopes: ["users:admin"], custom: { plan: "pro" } });
});

it("Entra ID: app roles in roles, delegated scopes in scp, the object id as the subject", async () => {
  const verify = verifierFor({ claims: { subject: "oid", roles: "roles", scopes: "scp", displayName: "name" }, roles: { map: { "Tessera.Editor": "EDITOR" } } });
  const identity = await verify(await sign({ sub: "pairwise-sub", oid: "00000000-0000-0000-0000-0000000000aa", roles: ["Tessera.Editor"], scp: "posts.read posts.write", name: "Ed" }));
  expect(identity).toMatchObject({ subject: "00000000-0000-0000-0000-0000000000aa", roles: ["EDITOR"], scopes: ["posts.read", "posts.write"], profile: { displayName: "Ed" } });
});

it("Cognito: no aud, so the app client's id in client_id is the audience; groups under cognito:groups", async () => {
  const verify = verifierFor({
    audience: ["5nq2web", "7kd3mobile"],
    claims: { audience: "client_id", roles: '["cognito:groups"]' },
    roles: { map: { editors: "EDITOR" } },
  });
  const cognito = { aud: undefined, token_use: "access", "cognito:groups": ["editors", "beta"], scope: "aws.cognito.signin.user.admin" };
  const identity = await verify(await sign({ ...cognito, sub: "3c4d-cog", client_id: "7kd3mobile" }));
  expect(identity).toMatchObject({ subject: "3c4d-cog", roles: ["EDITOR"] });
  await expect(verify(await sign({ ...cognito, sub: "3c4d-cog", client_id: "another-app" }))).rejects.toMatchObject({ reason: "TOKEN_INVALID" });
  await expect(verify(await sign({ ...cognito, sub: "3c4d-cog" }))).rejects.toMatchObject({ reason: "TOKEN_INVALID" });
});

it("never escalates: a role value not in the map grants nothing, even one spelled like ours", async () => {
  const verify = verifierFor({ claims: { roles: "roles" }, roles: { map: { editor: "EDITOR" } } });
  expect((await verify(await sign({ sub: "x", roles: ["ADMIN", "admin", "EDITOR", ["editor"], { role: "editor" }] }))).roles).toEqual([]);
  expect((await verify(await sign({ sub: "x", roles: "editor" }))).roles).toEqual(["EDITOR"]);
});

it("refuses what our own tokens would be refused for: issuer, audience, expiry", async () => {
  const verify = verifierFor({});
  await expect(verify(await sign({ sub: "x", iss: "https://elsewhere.example.com/" }))).rejects.toMatchObject({ reason: "TOKEN_INVALID" });
  await expect(verify(await sign({ sub: "x", aud: "another-api" }))).rejects.toMatchObject({ reason: "TOKEN_INVALID" });
  await expect(verify(await sign({ sub: "x", exp: now() - 1 }))).rejects.toMatchObject({ reason: "TOKEN_EXPIRED" });
  await expect(verify(await sign({ sub: "x", nbf: now() + 60 }))).rejects.toMatchObject({ reason: "TOKEN_INVALID" });
  await expect(verify(await sign({}))).rejects.toMatchObject({ reason: "TOKEN_INVALID", detail: "no usable subject claim" });
});

it("pins the issuer's algorithms: a key whose algorithm is not allowed verifies nothing", async () => {
  const verify = verifierFor({ algorithms: ["RS256"] });
  await expect(verify(await sign({ sub: "x" }))).resolves.toMatchObject({ subject: "x" });
  await expect(verify(await sign({ sub: "x" }, { key: ec }))).rejects.toMatchObject({ reason: "TOKEN_INVALID" });
});

it("checks typ only when the issuer requires at+jwt", async () => {
  await expect(verifierFor({})(await sign({ sub: "x" }, { typ: "JWT" }))).resolves.toBeDefined();
  const strict = verifierFor({ requireType: "at+jwt" });
  await expect(strict(await sign({ sub: "x" }, { typ: "JWT" }))).rejects.toMatchObject({ reason: "TOKEN_INVALID" });
  await expect(strict(await sign({ sub: "x" }, { typ: "at+jwt" }))).resolves.toBeDefined();
});
