import type { DpopSigner } from "@tessera/client";
import { credentialHeaders, withNonceRetry } from "./dpop.js";

/** The account operations the panel calls. Only `viewer`, which checks a pasted token, carries one. */

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  user: { email: string | null };
}

const TOKEN_FIELDS = "accessToken refreshToken user { email }";
const SIGN_IN = `mutation SignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { ${TOKEN_FIELDS} } }`;
const REFRESH = `mutation Refresh($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { ${TOKEN_FIELDS} } }`;
const SIGN_OUT = `mutation SignOut($refreshToken: String!) { signOut(refreshToken: $refreshToken) }`;

/** An error the API answered with: its message is meant for people, its code for code. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

/** With a signer, every call carries a DPoP proof: the tokens it issues are bound to the playground's key. */
async function call<T>(endpoint: string, query: string, variables: Record<string, unknown>, signer?: DpopSigner, accessToken?: string): Promise<T> {
  const response = await withNonceRetry(signer, async () =>
    fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await credentialHeaders(endpoint, accessToken, signer)) },
      body: JSON.stringify({ query, variables }),
    }),
  );
  const body = (await response.json()) as { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }> };
  const [error] = body.errors ?? [];
  if (error || !body.data) {
    const reason = error?.extensions?.reason ? ` (${error.extensions.reason})` : "";
    throw new ApiError(`${error?.message ?? `HTTP ${response.status}`}${reason}`, error?.extensions?.code);
  }
  return body.data;
}

export const signIn = async (endpoint: string, email: string, password: string, signer?: DpopSigner) =>
  (await call<{ signIn: Tokens }>(endpoint, SIGN_IN, { email, password }, signer)).signIn;

export const refresh = async (endpoint: string, refreshToken: string, signer?: DpopSigner) =>
  (await call<{ refreshToken: Tokens }>(endpoint, REFRESH, { refreshToken }, signer)).refreshToken;

export const signOut = async (endpoint: string, refreshToken: string) =>
  (await call<{ signOut: boolean }>(endpoint, SIGN_OUT, { refreshToken })).signOut;

const VIEWER = "query PastedToken { viewer { issuer subject } }";

/** Whom a token names, as the API verified it. */
export const viewer = async (endpoint: string, accessToken: string) => {
  const { viewer: found } = await call<{ viewer: { issuer: string; subject: string } | null }>(endpoint, VIEWER, {}, undefined, accessToken);
  if (!found) throw new ApiError("The API did not accept the token", undefined);
  return found;
};
