/** The account operations the panel calls. They never carry the Authorization header: all are public. */

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

async function call<T>(endpoint: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const [error] = body.errors ?? [];
  if (error || !body.data) throw new ApiError(error?.message ?? `HTTP ${response.status}`, error?.extensions?.code);
  return body.data;
}

export const signIn = async (endpoint: string, email: string, password: string) =>
  (await call<{ signIn: Tokens }>(endpoint, SIGN_IN, { email, password })).signIn;

export const refresh = async (endpoint: string, refreshToken: string) =>
  (await call<{ refreshToken: Tokens }>(endpoint, REFRESH, { refreshToken })).refreshToken;

export const signOut = async (endpoint: string, refreshToken: string) =>
  (await call<{ signOut: boolean }>(endpoint, SIGN_OUT, { refreshToken })).signOut;
