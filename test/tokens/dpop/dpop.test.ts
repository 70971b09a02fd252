import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from "jose";
import { graphql, SIGN_IN, type GraphQLResponse } from "../../helpers/graphql.js";
import { dpopKey, type DpopKey } from "../../helpers/dpop.js";
import { accessTokenHash } from "../../../src/tokens/dpop/verify-dpop-proof.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";
import { subscribe } from "../../helpers/subscriptions.js";

// Issue 19: sender-constrained tokens (RFC 9449) through the real server.

const VIEWER = "{ viewer { id } }";
const CREDENTIALS = { email: "user@tessera.dev", password: "tessera-demo" };
const REFRESH = "mutation($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { accessToken tokenType refreshToken } }";

let server: TestServer;

/** A POST to the endpoint with the given Authorization and DPoP headers. */
function send(query: string, variables: Record<string, unknown>, authorization?: string, proof?: string): Promise<GraphQLResponse> {
  const headers: Record<string, string> = {};
  if (authorization) headers.authorization = authorization;
  if (proof) headers.dpop = proof;
  return graphql(server.url, query, variables, { headers });
}

const post = (accessToken?: string) => ({ htm: "POST", htu: server.url, ...(accessToken !== undefined && { accessToken }) });

async function signInWith(key: DpopKey): Promise<{ accessToken: string; tokenType: string; refreshToken: string }> {
  const response = await send(SIGN_IN, CREDENTIALS, undefined, await key.proof(post()));
  return response.body.data!.signIn;
}

function expectProofRefused(response: GraphQLResponse) {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toBe('DPoP error="invalid_dpop_proof", algs="ES256 EdDSA"');
  expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "DPOP_PROOF_INVALID" });
}

describe("DPOP=optional (the default)", () => {
  let key: DpopKey;
  let bound: { accessToken: string; tokenType: string; refreshToken: string };
  beforeAll(async () => {
    server = await startTestServer();
    key = await dpopKey();
    bound = await signInWith(key);
  });
  afterAll(() => server.stop());

  it("signIn with a proof issues a DPoP token bound to the proof's key", () => {
    expect(bound.tokenType).toBe("DPoP");
    expect(decodeJwt(bound.accessToken).cnf).toEqual({ jkt: key.thumbprint });
  });

  it("signUp with a proof issues a DPoP token too", async () => {
    const signUp = "mutation($input: SignUpInput!) { signUp(input: $input) { accessToken tokenType } }";
    const input = { email: `dpop-${Date.now()}@example.com`, password: "correct horse battery", displayName: "Dee" };
    const response = await send(signUp, { input }, undefined, await key.proof(post()));
    expect(response.body.data?.signUp.tokenType).toBe("DPoP");
    expect(decodeJwt(response.body.data!.signUp.accessToken).cnf).toEqual({ jkt: key.thumbprint });
  });

  it("signIn without a proof issues a bearer token, as before", async () => {
    const response = await graphql(server.url, SIGN_IN, CREDENTIALS);
    expect(response.body.data?.signIn.tokenType).toBe("Bearer");
    expect(decodeJwt(response.body.data!.signIn.accessToken).cnf).toBeUndefined();
  });

  it("accepts the bound token as DPoP with a proof of its key for this request and token", async () => {
    const response = await send(VIEWER, {}, `DPoP ${bound.accessToken}`, await key.proof(post(bound.accessToken)));
    expect(response.status).toBe(200);
    expect(response.body.data?.viewer.id).toEqual(expect.any(String));
  });

  it("refuses the bound token sent as a bearer token: a copy is useless without the key", async () => {
    const response = await send(VIEWER, {}, `Bearer ${bound.accessToken}`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('DPoP error="invalid_token"');
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "TOKEN_INVALID" });
  });

  it("refuses the bound token with a proof made by another key", async () => {
    const thief = await dpopKey();
    expectProofRefused(await send(VIEWER, {}, `DPoP ${bound.accessToken}`, await thief.proof(post(bound.accessToken))));
  });

  it("refuses the bound token as DPoP without a proof", async () => {
    expectProofRefused(await send(VIEWER, {}, `DPoP ${bound.accessToken}`));
  });

  it("refuses a bearer token presented as DPoP", async () => {
    const bearer = (await graphql(server.url, SIGN_IN, CREDENTIALS)).body.data!.signIn.accessToken;
    const response = await send(VIEWER, {}, `DPoP ${bearer}`, await key.proof(post(bearer)));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('DPoP error="invalid_token"');
  });

  it("refuses a proof used twice", async () => {
    const proof = await key.proof(post(bound.accessToken));
    expect((await send(VIEWER, {}, `DPoP ${bound.accessToken}`, proof)).status).toBe(200);
    expectProofRefused(await send(VIEWER, {}, `DPoP ${bound.accessToken}`, proof));
  });

  describe("refuses a proof that breaks RFC 9449 §4.3", () => {
    const now = () => Math.floor(Date.now() / 1000);
    it.each<[string, (token: string) => Promise<string>]>([
      ["for another method", (token) => key.proof({ ...post(token), htm: "GET" })],
      ["for another URL", (token) => key.proof({ ...post(token), htu: "http://127.0.0.1:1/graphql" })],
      ["for another access token", (token) => key.proof(post(`${token}x`))],
      ["without ath", () => key.proof(post())],
      ["issued ten minutes ago", (token) => key.proof({ ...post(token), iat: now() - 600 })],
      ["issued in the future", (token) => key.proof({ ...post(token), iat: now() + 600 })],
      ["without jti", (token) => key.proof({ ...post(token), jti: undefined })],
      ["of type JWT", (token) => key.proof(post(token), { typ: "JWT" })],
      ["whose jwk is not the signing key", async (token) => key.proof(post(token), { jwk: (await dpopKey()).publicJwk })],
      [
        "whose jwk holds a private key",
        async (token) => {
          const { privateKey } = await generateKeyPair("ES256", { extractable: true });
          return new SignJWT({ htm: "POST", htu: server.url, jti: "private", iat: now(), ath: accessTokenHash(token) })
            .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: await exportJWK(privateKey) })
            .sign(privateKey);
        },
      ],
      [
        "signed with HS256",
        (token) =>
          new SignJWT({ htm: "POST", htu: server.url, jti: "hs", iat: now(), ath: accessTokenHash(token) })
            .setProtectedHeader({ alg: "HS256", typ: "dpop+jwt", jwk: key.publicJwk })
            .sign(new TextEncoder().encode("a shared secret that is 32 bytes")),
      ],
      ["that is not a JWS", async () => "not.a-proof"],
    ])("%s", async (_label, makeProof) => {
      expectProofRefused(await send(VIEWER, {}, `DPoP ${bound.accessToken}`, await makeProof(bound.accessToken)));
    });
  });

  it("refreshes a bound family only with a proof of its key, and binds the new access token to it", async () => {
    const session = await signInWith(key);
    expectProofRefused(await send(REFRESH, { refreshToken: session.refreshToken }));
    expectProofRefused(await send(REFRESH, { refreshToken: session.refreshToken }, undefined, await (await dpopKey()).proof(post())));
    const refreshed = (await send(REFRESH, { refreshToken: session.refreshToken }, undefined, await key.proof(post()))).body.data?.refreshToken;
    expect(refreshed.tokenType).toBe("DPoP");
    expect(decodeJwt(refreshed.accessToken).cnf).toEqual({ jkt: key.thumbprint });
  });

  it("accepts a bound token over graphql-ws, with a proof for the socket's endpoint in connection_init", async () => {
    const subscription = subscribe(server.url, "subscription { postPublished { id } }", {
      connectionParams: { authorization: `DPoP ${bound.accessToken}`, dpop: await key.proof({ htm: "GET", htu: server.url, accessToken: bound.accessToken }) },
    });
    try {
      await subscription.connected;
    } finally {
      await subscription.dispose();
    }
    const refused = subscribe(server.url, "subscription { postPublished { id } }", { connectionParams: { authorization: `DPoP ${bound.accessToken}` } });
    expect(await refused.closed).toEqual({ code: 4401, reason: "DPOP_PROOF_INVALID" });
    await refused.dispose();
  });
});

describe("DPOP=required", () => {
  beforeAll(async () => {
    server = await startTestServer({ DPOP: "required" });
  });
  afterAll(() => server.stop());

  it("issues no bearer token", async () => {
    expectProofRefused(await graphql(server.url, SIGN_IN, CREDENTIALS));
    expect((await signInWith(await dpopKey())).tokenType).toBe("DPoP");
  });
});

describe("DPOP=off", () => {
  beforeAll(async () => {
    server = await startTestServer({ DPOP: "off" });
  });
  afterAll(() => server.stop());

  it("issues bearer tokens whatever the request carries, and refuses the DPoP scheme", async () => {
    const signedIn = await signInWith(await dpopKey());
    expect(signedIn.tokenType).toBe("Bearer");
    const response = await send(VIEWER, {}, `DPoP ${signedIn.accessToken}`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.reason).toBe("INVALID_REQUEST");
  });
});

describe("DPOP_NONCES=true", () => {
  beforeAll(async () => {
    server = await startTestServer({ DPOP_NONCES: "true" });
  });
  afterAll(() => server.stop());

  it("asks for its nonce, then accepts a proof that carries it", async () => {
    const key = await dpopKey();
    const first = await send(SIGN_IN, CREDENTIALS, undefined, await key.proof(post()));
    expect(first.status).toBe(401);
    expect(first.headers.get("www-authenticate")).toBe('DPoP error="use_dpop_nonce", algs="ES256 EdDSA"');
    expect(first.body.errors?.[0]?.extensions?.reason).toBe("USE_DPOP_NONCE");
    const nonce = first.headers.get("dpop-nonce")!;
    expect(nonce).toEqual(expect.any(String));
    const second = await send(SIGN_IN, CREDENTIALS, undefined, await key.proof({ ...post(), nonce }));
    expect(second.body.data?.signIn.tokenType).toBe("DPoP");
    expect(second.headers.get("dpop-nonce")).toEqual(expect.any(String));
    const forged = await send(SIGN_IN, CREDENTIALS, undefined, await key.proof({ ...post(), nonce: "forged.nonce" }));
    expect(forged.body.errors?.[0]?.extensions?.reason).toBe("USE_DPOP_NONCE");
  });
});
