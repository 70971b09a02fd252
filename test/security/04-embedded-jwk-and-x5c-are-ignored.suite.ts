import { X509Certificate } from "node:crypto";
import { calculateJwkThumbprint, importPKCS8, importSPKI, jwtVerify, SignJWT } from "jose";
import { validClaims } from "../helpers/tokens.js";
import { expectInvalidToken } from "./expect-rejected.js";
import { attackerKey, serverKid, signAsAttacker } from "./forge.js";
import { ask, server, sub, useTokenTarget } from "../helpers/token-target.js";

export default function embeddedJwkAndX5cAreIgnored(): void {
  /** A real self-signed P-256 certificate for CN=tessera.dev and its private key (made once with openssl; the attacker's). */
  const SELF_SIGNED_CERT =
    "MIIBgzCCASmgAwIBAgIUdX/DElIPauJUPfNvh2p3vEZgLFkwCgYIKoZIzj0EAwIwFjEUMBIGA1UEAwwLdGVzc2VyYS5kZXYwIBcNMjYxMTI2MDg0OTMwWhgPMjEyNjExMDIwODQ5MzBaMBYxFDASBgNVBAMMC3Rlc3NlcmEuZGV2MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEu+C5OpmEkEYPhvuK9MQL0QHJnSg9YIn7SPGMOd9b3YjuT8X9YUsCmMkOyM51W5A1kCTnVVoUl0ByGGK0rBt13aNTMFEwHQYDVR0OBBYEFBOoJpv8NG9TW9MW7tWD5tvcLWFUMB8GA1UdIwQYMBaAFBOoJpv8NG9TW9MW7tWD5tvcLWFUMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgFkhYs/6YgUHj+tq/Fk7O5zLvWq1hJgsPnSUiaPGyNT8CIQCyUm/HOZP5yAcGga7C5UCwtyeZy81CAVSVAjnehT4NBg==";
  const SELF_SIGNED_KEY = `-----BEGIN PRIVATE KEY-----
  MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgTUo6pDpjAHi0/eee
  IYZeDZZpS68SNkaPoLXxruBr+VuhRANCAAS74Lk6mYSQRg+G+4r0xAvRAcmdKD1g
  iftI8Yw531vdiO5Pxf1hSwKYyQ7IznVbkDWQJOdVWhSXQHIYYrSsG3Xd
  -----END PRIVATE KEY-----`;

  useTokenTarget();

  it("4: rejects a token whose jwk header carries the attacker's own ES256 key that signed it", async () => {
    const attacker = await attackerKey("ES256");
    const thumbprint = await calculateJwkThumbprint(attacker.publicJwk);
    for (const kid of [undefined, thumbprint, serverKid(server.config)]) {
      const token = await signAsAttacker(attacker, validClaims(server.config, sub, { roles: ["ADMIN"] }), {
        jwk: attacker.publicJwk,
        ...(kid ? { kid } : {}),
      });
      // What CVE-2018-0114 accepted: the token verifies under the key it carries.
      await expect(jwtVerify(token, attacker.publicKey, { algorithms: ["ES256"] })).resolves.toBeDefined();
      expectInvalidToken(await ask(token));
    }
  });

  it("4: rejects a token signed by the key of a self-signed certificate sent in x5c", async () => {
    const certificate = new X509Certificate(Buffer.from(SELF_SIGNED_CERT, "base64"));
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    const certKey = await importSPKI(certificate.publicKey.export({ type: "spki", format: "pem" }).toString(), "ES256");
    const privateKey = await importPKCS8(SELF_SIGNED_KEY, "ES256");
    for (const kid of [undefined, serverKid(server.config)]) {
      const token = await new SignJWT(validClaims(server.config, sub, { roles: ["ADMIN"] }))
        .setProtectedHeader({ alg: "ES256", typ: "at+jwt", x5c: [SELF_SIGNED_CERT], ...(kid ? { kid } : {}) })
        .sign(privateKey);
      await expect(jwtVerify(token, certKey, { algorithms: ["ES256"] })).resolves.toBeDefined();
      expectInvalidToken(await ask(token));
    }
  });
}
