import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";
// The provider's AsyncLocalStorage: once entered, Node 20 runs its promise hooks for every promise in this jest
// worker, every later test file included, until it is disabled.
import providerContext from "oidc-provider/lib/helpers/als.js";

const CLIENT = { id: "reports-service", secret: "reports-service-secret-0123456789" };
export const RESOURCE = "https://api.tessera.test";

export interface OidcProvider {
  issuer: string;
  /** How often its key set was fetched. */
  readonly jwksFetches: number;
  /** A JWT access token for RESOURCE from the client-credentials grant, as any client of the provider gets one. */
  token(scope: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * panva's oidc-provider, a certified OpenID provider, on loopback: discovery, a JWKS, and the client-credentials
 * grant with resource indicators (RFC 8707), whose access tokens are RFC 9068 JWTs for our audience. `roles` is
 * added to every token, where a provider's token customisation would put it.
 */
export async function startOidcProvider(options: { audience: string; roles: string[] }): Promise<OidcProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, grant_types: ["client_credentials"], redirect_uris: [], response_types: [] }],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: "op-1", alg: "RS256", use: "sig" }] },
    scopes: ["posts:read", "posts:write"],
    ttl: { ClientCredentials: 300 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "posts:read posts:write",
          audience: options.audience,
          accessTokenFormat: "jwt",
          accessTokenTTL: 300,
          jwt: { sign: { alg: "RS256" } },
        }),
      },
    },
    extraTokenClaims: () => ({ roles: options.roles }),
  });
  let jwksFetches = 0;
  const serve = provider.callback();
  server.on("request", (request, response) => {
    if (request.url?.startsWith("/jwks")) jwksFetches++;
    void serve(request, response);
  });
  return {
    issuer,
    get jwksFetches() {
      return jwksFetches;
    },
    async token(scope) {
      const response = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString("base64")}`,
        },
        body: new URLSearchParams({ grant_type: "client_credentials", scope, resource: RESOURCE }),
      });
      const body = (await response.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`the provider issued no token: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    stop: () => new Promise<void>((resolve) => {
      providerContext.disable();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
