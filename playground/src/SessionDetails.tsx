import type { Session } from "./session.js";
import { ExpiryCountdown } from "./ExpiryCountdown.js";

interface Props {
  session: Session;
  busy: boolean;
  onSignOut: () => void;
}

export function SessionDetails({ session: { label, claims, refreshToken, signer }, busy, onSignOut }: Props) {
  const pasted = refreshToken === null;
  const scheme = signer ? "DPoP" : "Bearer";
  return (
    <section>
      <h2>{pasted ? "Using a pasted token" : "Signed in"}</h2>
      <p className="tessera-email">{label}</p>
      {signer && <p className="tessera-bound">Bound to this browser's key (DPoP)</p>}
      <p className="tessera-hint">
        Every request carries this access token as <code>Authorization: {scheme}</code>
        {signer && <>, with a proof made by this browser's key in a <code>DPoP</code> header</>}.{" "}
        {pasted ? "It is not refreshed: when it expires, paste a fresh one." : "When it expires, the next request refreshes it."}
      </p>
      {claims.exp !== undefined && <ExpiryCountdown expiresAt={claims.exp} refreshed={!pasted} />}
      <h2>Claims</h2>
      <p className="tessera-hint">Decoded in the browser, not verified: the API verifies the signature of every request.</p>
      <pre className="tessera-claims" aria-label="Claims">
        {JSON.stringify(claims, null, 2)}
      </pre>
      <button type="button" disabled={busy} onClick={onSignOut}>
        {pasted ? "Forget the token" : "Sign out"}
      </button>
    </section>
  );
}
