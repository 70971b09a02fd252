import { isDpopBound, singleFlight, type DpopSigner } from "@tessera/client";
import { playgroundSigner } from "./dpop.js";
import { decodeJwt, type JWTPayload } from "jose";
import * as api from "./api.js";

export interface Session {
  /** Whom the panel shows as signed in: the account's email, or a pasted token's subject and issuer. */
  label: string;
  accessToken: string;
  /** Null for a pasted token: it came from another provider, or from elsewhere, and is never refreshed here. */
  refreshToken: string | null;
  /** The access token's payload, decoded here and not verified: the server verifies every request. */
  claims: JWTPayload;
  /** Set when the tokens are bound to this browser's key (DPoP): every request carries a proof made with it. */
  signer?: DpopSigner;
}

export interface SessionState {
  session: Session | null;
  /** What last happened to the session without the user asking: a silent refresh, or its failure. */
  notice?: string;
}

const sessionFrom = ({ accessToken, refreshToken, user }: api.Tokens, signer: DpopSigner | undefined): Session => ({
  label: user.email ?? "",
  accessToken,
  refreshToken,
  claims: decodeJwt(accessToken),
  ...(signer && isDpopBound(accessToken) && { signer }),
});

/**
 * The signed-in session, kept in memory only: nothing is written to storage where another script could
 * read it later, and a reload signs out.
 */
export class SessionStore {
  #state: SessionState = { session: null };
  readonly #listeners = new Set<() => void>();

  constructor(readonly endpoint: string) {}

  get state(): SessionState {
    return this.#state;
  }

  /** For React's useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Signs in; with `bind`, the tokens are bound to this browser's key (DPoP). */
  async signIn(email: string, password: string, bind = false): Promise<void> {
    const signer = bind ? await playgroundSigner() : undefined;
    this.#set({ session: sessionFrom(await api.signIn(this.endpoint, email, password, signer), signer) });
  }

  /**
   * Uses an access token pasted from elsewhere (your own identity provider's, say) until it expires. The API
   * is asked who it names first, so a token it refuses is never kept.
   */
  async useToken(pasted: string): Promise<void> {
    const accessToken = pasted.trim().replace(/^Bearer\s+/i, "");
    let claims: JWTPayload;
    try {
      claims = decodeJwt(accessToken);
    } catch {
      throw new Error("That is not a JWT: paste the access token itself (three dot-separated parts).");
    }
    const viewer = await api.viewer(this.endpoint, accessToken);
    this.#set({ session: { label: `${viewer.subject} (${viewer.issuer})`, accessToken, refreshToken: null, claims } });
  }

  /**
   * Exchanges the refresh token for new tokens. Refresh tokens work once (a second use revokes the whole
   * family), so requests that found the same access token expired all wait for one exchange.
   */
  refresh(expired: Session): Promise<Session | null> {
    if (this.#state.session !== expired) return Promise.resolve(this.#state.session);
    if (expired.refreshToken === null) {
      return Promise.resolve(this.#settle({ session: null, notice: "The pasted access token expired: paste a fresh one, or sign in." }));
    }
    return this.#refreshOnce();
  }

  readonly #refreshOnce = singleFlight(() =>
    api.refresh(this.endpoint, this.#state.session!.refreshToken!, this.#state.session!.signer).then(
      (tokens) => this.#settle({ session: sessionFrom(tokens, this.#state.session?.signer), notice: "The access token expired: it was refreshed." }),
      (error: Error) => this.#settle({ session: null, notice: `Signed out: the refresh was refused (${error.message}).` }),
    ),
  );

  async signOut(): Promise<void> {
    const { session } = this.#state;
    if (!session) return;
    this.#set({ session: null });
    if (session.refreshToken !== null) await api.signOut(this.endpoint, session.refreshToken);
  }

  #settle(state: SessionState): Session | null {
    this.#set(state);
    return state.session;
  }

  #set(state: SessionState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}
