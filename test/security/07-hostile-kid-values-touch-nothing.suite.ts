import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { graphql, signIn, VIEWER } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { validClaims } from "../helpers/tokens.js";
import {
  expectInvalidRequest,
  expectInvalidToken,
  expectViewer,
  watchDatabase,
  watchOutboundConnections,
} from "./expect-rejected.js";
import { attackerKey, hs256, serverKid, signAsAttacker, signExactWithServerKey } from "./forge.js";

export default function hostileKidValuesTouchNothing(): void {
  let server: TestServer;
  let sub: string;
  let keyFile: string;
  beforeAll(async () => {
    server = await startTestServer();
    sub = (await signIn(server.url, "user@tessera.dev", "tessera-demo")).user.id;
    keyFile = path.join(server.config.dataDir, "keys", "es256-signing-keys.json");
  });
  afterAll(() => server.stop());

  const ask = (token: string) => graphql(server.url, VIEWER, {}, { token });
  /** Signed with the server's real key: were the kid looked up anything but exactly, these would pass. */
  const serverSignedWithKid = (kid: unknown) =>
    signExactWithServerKey(server.config, JSON.stringify({ alg: "ES256", kid, typ: "at+jwt" }), JSON.stringify(validClaims(server.config, sub)));

  /** Runs the requests with database and network watched; asserts neither was touched. */
  async function touchingNothing(run: () => Promise<void>): Promise<void> {
    const db = watchDatabase();
    const net = watchOutboundConnections([Number(new URL(server.origin).port)]);
    try {
      await run();
    } finally {
      db.stop();
      net.stop();
    }
    expect({ database: db.operations(), outbound: net.outbound() }).toEqual({ database: [], outbound: [] });
  }

  it("7: (control) the same construction with the server's own kid is accepted", async () => {
    expectViewer(await ask(serverSignedWithKid(serverKid(server.config))), sub);
  });

  it("7: rejects server-signed tokens whose kid is a path, SQL, a Mongo operator (string or object), a number or 5 KB of text", async () => {
    const hostile: unknown[] = [
      "../../dev/null",
      "/dev/null",
      "../../../../../../../../etc/passwd",
      keyFile,
      path.relative(process.cwd(), keyFile),
      "' OR 1=1--",
      `${serverKid(server.config)}' OR '1'='1`,
      '{"$ne":null}',
      { $ne: null },
      { $regex: ".*" },
      [serverKid(server.config)],
      42,
      0,
      true,
      null,
      "k".repeat(5 * 1024),
    ];
    await touchingNothing(async () => {
      for (const kid of hostile) expectInvalidToken(await ask(serverSignedWithKid(kid)));
    });
  });

  it("7: rejects HS256 keyed with what a kid path would read: an empty /dev/null, or the server's own key file", async () => {
    const claims = validClaims(server.config, sub, { roles: ["ADMIN"] });
    await touchingNothing(async () => {
      expectInvalidToken(await ask(hs256("", { kid: "../../dev/null" }, claims)));
      expectInvalidToken(await ask(hs256("", { kid: "/dev/null" }, claims)));
      expectInvalidToken(await ask(hs256(readFileSync(keyFile), { kid: keyFile }, claims)));
    });
  });

  it("7: rejects a kid naming a file that holds the attacker's public key", async () => {
    const attacker = await attackerKey("ES256");
    const planted = path.join(server.config.dataDir, "planted-jwks.json");
    writeFileSync(planted, JSON.stringify({ keys: [{ ...attacker.publicJwk, alg: "ES256", kid: planted }] }));
    await touchingNothing(async () => {
      for (const kid of [planted, path.relative(process.cwd(), planted)]) {
        expectInvalidToken(await ask(await signAsAttacker(attacker, validClaims(server.config, sub), { kid })));
      }
    });
  });

  it("7: a 10 KB kid pushes the Authorization header over 8 KiB: 400 invalid_request, before any lookup", async () => {
    const token = serverSignedWithKid("k".repeat(10 * 1024));
    expect(Buffer.byteLength(`Bearer ${token}`)).toBeGreaterThan(8 * 1024);
    await touchingNothing(async () => {
      expectInvalidRequest(await ask(token), "AUTHORIZATION_HEADER_TOO_LARGE");
    });
  });
}
