import type { Session } from "./session.js";
import { ExpiryCountdown } from "./ExpiryCountdown.js";

interface Props {
  session: Session;
  busy: boolean;
  onSignOut: () => void;
}

export function SessionDetails({ session: { email, claims }, busy, onSignOut }: Props) {
  return (
    <section>
      <h2>Signed in</h2>
      <p className="tessera-email">{email}</p>
      <p className="tessera-hint">
        Every request carries this access token as <code>Authorization: Bearer</code>. When it expires, the next request refreshes it.
      </p>
      {claims.exp !== undefined && <ExpiryCountdown expiresAt={claims.exp} />}
      <h2>Claims</h2>
      <p className="tessera-hint">Decoded in the browser, not verified: the API verifies the signature of every request.</p>
      <pre className="tessera-claims" aria-label="Claims">
        {JSON.stringify(claims, null, 2)}
      </pre>
      <button type="button" disabled={busy} onClick={onSignOut}>
        Sign out
      </button>
    </section>
  );
}
