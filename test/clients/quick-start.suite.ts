import { readFileSync } from "node:fs";
import path from "node:path";
import { createTesseraApollo } from "../../docs/snippets/frontend-quick-start.js";
import { projectRoot } from "../../src/paths.js";
import { graphql, signUp } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { signWithServerKey, validClaims } from "../helpers/tokens.js";
import { gql, type TypedDocumentNode } from "@apollo/client";

// The frontend snippet in docs/frontend.md is docs/snippets/frontend-quick-start.ts, as it is: type-checked by the
// build, compared with docs/frontend.md here, and run against a live server.

const SNIPPET = "docs/snippets/frontend-quick-start.ts";

export default function quickStart(): void {
  it("is docs/frontend.md's block, character for character", () => {
    const guide = readFileSync(path.join(projectRoot, "docs/frontend.md"), "utf8");
    const block = new RegExp(`<!-- snippet: ${SNIPPET.replace(/[.]/g, "\\.")} -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(guide)?.[1];
    expect(block).toBe(readFileSync(path.join(projectRoot, SNIPPET), "utf8"));
  });

  describe("run against a live server", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.stop());

    const ME: TypedDocumentNode<{ me: { id: string; email: string } | null }> = gql`query Me { me { id email } }`;

    it("signs in, sends the token, refreshes an expired one once, and reports a revoked session", async () => {
      const signedOut: string[] = [];
      const { client, store } = createTesseraApollo(server.url, (reason) => signedOut.push(reason));
      const account = await signUp(server.url);
      store.save(account);

      expect((await client.query({ query: ME, fetchPolicy: "network-only" })).data).toEqual({ me: { __typename: "User", id: account.user.id, email: account.email } });

      // An expired access token, signed with the server's real key: the link refreshes it and sends the query again.
      const now = Math.floor(Date.now() / 1000);
      store.save({ accessToken: await signWithServerKey(server.config, validClaims(server.config, account.user.id, { iat: now - 90, exp: now - 60 })), refreshToken: store.refreshToken() });
      expect((await client.query({ query: ME, fetchPolicy: "network-only" })).data?.me?.id).toBe(account.user.id);
      expect(store.refreshToken()).not.toBe(account.refreshToken);

      // Signed out everywhere from elsewhere: the next query is refused, and the snippet's callback hears why.
      expect((await graphql(server.url, "mutation ($r: String) { signOut(refreshToken: $r, everywhere: true) }", { r: store.refreshToken() })).body.data).toEqual({ signOut: true });
      await expect(client.query({ query: ME, fetchPolicy: "network-only" })).rejects.toThrow();
      expect(signedOut).toEqual(["TOKEN_REVOKED"]);
      expect(store.accessToken()).toBeUndefined();
    });
  });
}
