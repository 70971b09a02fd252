import http from "node:http";
import type { AddressInfo } from "node:net";
import { calculateJwkThumbprint } from "jose";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { validClaims } from "../helpers/tokens.js";
import { expectInvalidToken, watchOutboundConnections } from "./expect-rejected.js";
import { attackerKey, serverKid, signAsAttacker, type AttackerKey } from "./forge.js";

export default function jkuAndX5uAreNeverFetched(): void {
  let server: TestServer;
  let sub: string;
  let attacker: AttackerKey;
  /** The attacker's key server, on loopback: it would hand out the very key that signed the tokens. */
  let keyServer: http.Server;
  let keyServerUrl: string;
  let connections = 0;
  let requests = 0;
  /** A loopback port nothing listens on. */
  let closedPortUrl: string;

  beforeAll(async () => {
    server = await startTestServer();
    sub = (await signIn(server.url, "user@tessera.dev", "tessera-demo")).user.id;
    attacker = await attackerKey("ES256");
    const kid = await calculateJwkThumbprint(attacker.publicJwk);
    keyServer = http.createServer((_request, response) => {
      requests++;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ keys: [{ ...attacker.publicJwk, kid, alg: "ES256", use: "sig" }] }));
    });
    keyServer.on("connection", () => connections++);
    await new Promise<void>((resolve) => keyServer.listen(0, "127.0.0.1", resolve));
    keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    closedPortUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/jwks.json`;
    await new Promise((resolve) => closed.close(resolve));
  });
  afterAll(async () => {
    keyServer.closeAllConnections();
    await new Promise((resolve) => keyServer.close(resolve));
    await server.stop();
  });

  const ask = (token: string) => graphql(server.url, VIEWER, {}, { token });
  const allowedPorts = () => [Number(new URL(server.origin).port), Number(new URL(server.config.database.uri!).port)];

  it("5: (control) the watches see a fetch of the attacker's JWKS made from this process", async () => {
    const watch = watchOutboundConnections(allowedPorts());
    try {
      await (await fetch(`${keyServerUrl}/jwks.json`)).json();
      expect(watch.outbound()).toHaveLength(1);
      expect(requests).toBe(1);
    } finally {
      watch.stop();
      requests = 0;
      connections = 0;
    }
  });

  it("5: rejects jku and x5u headers pointing anywhere, and makes no outbound request for them", async () => {
    const attackerKid = await calculateJwkThumbprint(attacker.publicJwk);
    const targets = [
      `${keyServerUrl}/jwks.json`,
      `${keyServerUrl}/cert.pem`,
      closedPortUrl,
      "http://169.254.169.254/latest/meta-data/",
      "https://attacker.invalid/.well-known/jwks.json",
    ];
    const watch = watchOutboundConnections(allowedPorts());
    try {
      for (const target of targets) {
        for (const member of ["jku", "x5u"]) {
          for (const kid of [attackerKid, serverKid(server.config)]) {
            const token = await signAsAttacker(attacker, validClaims(server.config, sub, { roles: ["ADMIN"] }), { [member]: target, kid });
            expectInvalidToken(await ask(token));
          }
        }
      }
      // Give a fire-and-forget fetch the chance to show up before looking.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect({ connections, requests, outbound: watch.outbound() }).toEqual({ connections: 0, requests: 0, outbound: [] });
    } finally {
      watch.stop();
    }
  });
}
