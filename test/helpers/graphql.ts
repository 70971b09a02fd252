export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }> };
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

/**
 * Every secret this test file sent or received through `graphql()`: Authorization header values and
 * their tokens, cookie values (a refresh cookie carries a refresh token), and the values of SECRET_NAMES
 * in variables and responses. After each file, test/helpers/no-secrets-in-logs.ts checks that none of
 * them reached a server's log.
 */
export const seenSecrets = new Set<string>();
const SECRET_NAMES = new Set(["password", "currentPassword", "newPassword", "accessToken", "refreshToken"]);

/** Records an Authorization header value, and the token (or credentials) after its scheme. */
export function rememberAuthorization(value: string): void {
  seenSecrets.add(value);
  seenSecrets.add(value.replace(/^\S+\s+/, ""));
}

/** Records the values of SECRET_NAMES anywhere inside variables or a response body. */
export function rememberSecrets(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  for (const [name, member] of Object.entries(value)) {
    if (SECRET_NAMES.has(name) && typeof member === "string") seenSecrets.add(member);
    else rememberSecrets(member);
  }
}

/** The values of `name=value` pairs: a Cookie header's, or each Set-Cookie's first pair. */
export function rememberCookieValues(pairs: string[]): void {
  for (const pair of pairs) {
    const value = pair.slice(pair.indexOf("=") + 1).trim();
    if (value !== "") seenSecrets.add(value);
  }
}

/** POSTs a GraphQL operation over real HTTP. */
export async function graphql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const header = (wanted: string) => Object.entries(headers).find(([name]) => name.toLowerCase() === wanted)?.[1];
  const authorization = header("authorization");
  if (authorization !== undefined) rememberAuthorization(authorization);
  rememberCookieValues(header("cookie")?.split(";") ?? []);
  rememberSecrets(variables);
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  rememberCookieValues(response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!));
  const body = (await response.json()) as GraphQLResponse<T>["body"];
  rememberSecrets(body);
  return { status: response.status, headers: response.headers, body };
}

export const SIGN_IN = /* GraphQL */ `
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      accessToken tokenType expiresIn refreshToken refreshExpiresAt
      user { id email displayName roles }
    }
  }
`;

export const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      accessToken tokenType expiresIn refreshToken refreshExpiresAt
      user { id email displayName roles }
    }
  }
`;

export const REFRESH = /* GraphQL */ `
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken refreshExpiresAt user { id } }
  }
`;

export const VIEWER = /* GraphQL */ `
  query Viewer { viewer { id roles scopes expiresAt claims } }
`;

export interface Session {
  accessToken: string;
  refreshToken: string;
  refreshExpiresAt: string;
  user: { id: string; email: string; displayName: string; roles: string[] };
}

export async function signIn(url: string, email: string, password: string): Promise<Session> {
  const response = await graphql<{ signIn: Session }>(url, SIGN_IN, { email, password });
  if (!response.body.data?.signIn) throw new Error(`signIn failed: ${JSON.stringify(response.body)}`);
  return response.body.data.signIn;
}

let counter = 0;
/** Signs up a new account with a unique email. */
export async function signUp(url: string, password = "correct horse battery"): Promise<Session & { email: string; password: string }> {
  const email = `person${Date.now()}${counter++}@example.com`;
  const response = await graphql<{ signUp: Session }>(url, SIGN_UP, { input: { email, password, displayName: "Test Person" } });
  if (!response.body.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(response.body)}`);
  return { ...response.body.data.signUp, email, password };
}

/**
 * Nothing came back: no data at all (the request failed before execution), or only nulls at the top level.
 * Every mutation field is nullable, so that one refused mutation never blanks the results of its siblings.
 */
export function expectNothingReturned(data: Record<string, unknown> | null | undefined): void {
  if (data === null) return;
  expect(data).toEqual(expect.any(Object));
  expect(Object.values(data!).every((value) => value === null)).toBe(true);
}
