import { graphql, signIn, VIEWER } from "./graphql.js";
import { startTestServer, type TestServer } from "./server.js";
import { signWithServerKey, validClaims } from "./tokens.js";

/*
 * The fixture most token tests share: one server, the demo user's id as `sub`, and the `viewer` query
 * carrying a token. `server` and `sub` are live bindings, set by useTokenTarget()'s beforeAll.
 */
export let server: TestServer;
export let sub: string;

/** Starts the server before the file's tests and stops it after them. */
export function useTokenTarget(): void {
  beforeAll(async () => {
    server = await startTestServer();
    sub = (await signIn(server.url, "user@tessera.dev", "tessera-demo")).user.id;
  });
  afterAll(() => server.stop());
}

/** Asks `viewer` with the token as a Bearer. */
export const ask = (token: string) => graphql(server.url, VIEWER, {}, { token });

/** Claims like the server's for `sub`, with overrides, signed with the server's own key. */
export const tokenWith = (overrides: Record<string, unknown> = {}) =>
  signWithServerKey(server.config, validClaims(server.config, sub, overrides));
