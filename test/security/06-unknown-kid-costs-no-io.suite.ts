import { randomUUID } from "node:crypto";
import { signIn } from "../helpers/graphql.js";
import { signWithServerKey, validClaims } from "../helpers/tokens.js";
import { expectInvalidToken, expectViewer, logEntries, watchDatabase, watchOutboundConnections } from "./expect-rejected.js";
import { serverKid } from "./forge.js";
import { ask, server, sub, useTokenTarget } from "../helpers/token-target.js";

export default function unknownKidCostsNoIo(): void {
  useTokenTarget();

  /** Correctly signed with the server's real key: only the kid is wrong. */
  const withKid = (kid: string | undefined) => signWithServerKey(server.config, validClaims(server.config, sub), { kid });

  it("6: (control) the server's exact kid is accepted, and the database watch sees a sign-in", async () => {
    expectViewer(await ask(await withKid(serverKid(server.config))), sub);
    const db = watchDatabase();
    try {
      await signIn(server.url, "user@tessera.dev", "tessera-demo");
      expect(db.operations().length).toBeGreaterThan(0);
    } finally {
      db.stop();
    }
  });

  it("6: rejects a server-signed token whose kid is unknown, missing, or only nearly the server's", async () => {
    const kid = serverKid(server.config);
    const near = [kid.toUpperCase(), kid.toLowerCase(), ` ${kid}`, `${kid} `, kid.slice(0, -1), `${kid}x`, `${kid}\u0000`];
    for (const candidate of [randomUUID(), undefined, "", ...near.filter((k) => k !== kid)]) {
      expectInvalidToken(await ask(await withKid(candidate)));
    }
  });

  it("6: a flood of 200 unknown kids is refused at key lookup, with no database or network I/O", async () => {
    const tokens = await Promise.all(Array.from({ length: 200 }, () => withKid(randomUUID())));
    const logsBefore = server.logs.length;
    const db = watchDatabase();
    const net = watchOutboundConnections([Number(new URL(server.origin).port)]);
    const started = performance.now();
    try {
      for (let i = 0; i < tokens.length; i += 20) {
        const responses = await Promise.all(tokens.slice(i, i + 20).map(ask));
        for (const response of responses) expectInvalidToken(response);
      }
    } finally {
      db.stop();
      net.stop();
    }
    const elapsedMs = performance.now() - started;
    expect(db.operations()).toEqual([]);
    expect(net.outbound()).toEqual([]);
    const entries = logEntries(server.logs.slice(logsBefore));
    const rejections = entries.filter((entry) => entry.msg === "access token rejected");
    expect(rejections).toHaveLength(200);
    // Each was refused by the kid lookup, before any signature check.
    expect(rejections.every((entry) => String(entry.detail).startsWith("ERR_JWKS_NO_MATCHING_KEY"))).toBe(true);
    expect(entries.filter((entry) => entry.level >= 40)).toEqual([]);
    // A loose bound, honest about what it can catch: a timeout or retry per unknown kid, not a few microseconds.
    expect(elapsedMs).toBeLessThan(10_000);
  });
}
