/**
 * Where a signed-in session's tokens live. The access token is only ever in memory: storage that
 * scripts can read (localStorage, sessionStorage) would hand it to any XSS.
 *
 * The refresh token lives in one of two places, a choice made once per deployment:
 * - "body" (the default): in this store, in memory, sent as the refreshToken argument. A reload of the
 *   page loses it, so the person signs in again; no script-readable storage ever holds it.
 * - "cookie": in an httpOnly `__Host-` cookie that the API sets and reads (REFRESH_TOKEN_TRANSPORT=cookie).
 *   The page never sees it: requests go with `credentials: "include"` and omit the argument. Because
 *   the browser now sends a credential by itself, the API's exact-origin CORS allow-list and the
 *   SameSite, `__Host-` cookie are what keep other sites from using it (CSRF).
 */
export type RefreshTransport = "body" | "cookie";

/** The parts of an AuthPayload a store keeps. refreshToken is null when the API set a cookie instead. */
export interface SessionTokens {
  accessToken: string;
  refreshToken?: string | null;
}

export interface TokenStore {
  readonly transport: RefreshTransport;
  accessToken(): string | undefined;
  /** Always undefined in cookie mode: the browser holds it where no script can read it. */
  refreshToken(): string | undefined;
  save(tokens: SessionTokens): void;
  clear(): void;
  /** Calls listener after every save and clear; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** The store for body mode: both tokens in memory, gone with the page. */
export function createMemoryTokenStore(): TokenStore {
  return createStore("body");
}

/** The store for cookie mode: the access token in memory, the refresh token in the API's httpOnly cookie. */
export function createCookieTokenStore(): TokenStore {
  return createStore("cookie");
}

function createStore(transport: RefreshTransport): TokenStore {
  let access: string | undefined;
  let refresh: string | undefined;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  return {
    transport,
    accessToken: () => access,
    refreshToken: () => refresh,
    save(tokens) {
      access = tokens.accessToken;
      refresh = transport === "body" ? (tokens.refreshToken ?? undefined) : undefined;
      changed();
    },
    clear() {
      access = refresh = undefined;
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
