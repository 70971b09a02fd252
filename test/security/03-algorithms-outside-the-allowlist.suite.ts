import { createHmac, createPrivateKey, randomBytes, sign, type JsonWebKey } from "node:crypto";
import { calculateJwkThumbprint, jwtVerify } from "jose";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { serverSigningJwk, signWithServerKey, validClaims } from "../helpers/tokens.js";
import { expectInvalidToken, expectViewer } from "./expect-rejected.js";
import { attackerKey, b64url, segment, serverKid, signAsAttacker, type AttackerKey } from "./forge.js";

export default function algorithmsOutsideTheAllowlist(): void {
  let server: TestServer;
  let sub: string;
  let attackers: AttackerKey[];

  beforeAll(async () => {
    server = await startTestServer();
    sub = (await signIn(server.url, "user@tessera.dev", "tessera-demo")).user.id;
    attackers = await Promise.all(["ES384", "ES512", "RS256", "RS512", "PS256", "EdDSA", "Ed25519"].map((alg) => attackerKey(alg)));
  });
  afterAll(() => server.stop());

  const ask = (token: string) => graphql(server.url, VIEWER, {}, { token });

  it("3: (control) the server's own ES256 signature is accepted", async () => {
    expectViewer(await ask(await signWithServerKey(server.config, validClaims(server.config, sub))), sub);
  });

  it("3: rejects tokens correctly signed with ES384, ES512, RS256, RS512, PS256 or EdDSA, under the server's kid or their own", async () => {
    for (const attacker of attackers) {
      const ownKid = await calculateJwkThumbprint(attacker.publicJwk);
      for (const kid of [serverKid(server.config), ownKid, undefined]) {
        const token = await signAsAttacker(attacker, validClaims(server.config, sub, { roles: ["ADMIN"] }), kid ? { kid } : {});
        // The signature is valid for its algorithm: only the allowlist stands in the way.
        await expect(jwtVerify(token, attacker.publicKey, { algorithms: [attacker.alg] })).resolves.toBeDefined();
        expectInvalidToken(await ask(token));
      }
    }
  });

  it("3: rejects the server's own P-256 key used with SHA-384 or SHA-512 (labelled ES384, ES512), and HS256 under the server's kid", async () => {
    const serverKey = createPrivateKey({ key: serverSigningJwk(server.config) as JsonWebKey, format: "jwk" });
    const claims = segment(validClaims(server.config, sub, { roles: ["ADMIN"] }));
    for (const [alg, hash] of [["ES384", "sha384"], ["ES512", "sha512"]] as const) {
      const input = `${segment({ alg, kid: serverKid(server.config), typ: "at+jwt" })}.${claims}`;
      const signature = sign(hash, Buffer.from(input), { key: serverKey, dsaEncoding: "ieee-p1363" });
      expectInvalidToken(await ask(`${input}.${b64url(signature)}`));
    }
    const hsInput = `${segment({ alg: "HS256", kid: serverKid(server.config), typ: "at+jwt" })}.${claims}`;
    expectInvalidToken(await ask(`${hsInput}.${b64url(createHmac("sha256", randomBytes(32)).update(hsInput).digest())}`));
  });

  it("3: rejects an ES256 token signed by a different P-256 key that claims the server's kid", async () => {
    const impostor = await attackerKey("ES256");
    const token = await signAsAttacker(impostor, validClaims(server.config, sub), { kid: serverKid(server.config) });
    await expect(jwtVerify(token, impostor.publicKey, { algorithms: ["ES256"] })).resolves.toBeDefined();
    expectInvalidToken(await ask(token));
  });
}
