import { useState, type FormEvent } from "react";
import type { PlaygroundSettings } from "../../src/http/playground-settings.js";

interface Props {
  settings: PlaygroundSettings;
  busy: boolean;
  /** `bind`: bind the tokens to this browser's key (DPoP). */
  onSignIn: (email: string, password: string, bind: boolean) => void;
  onUseToken: (token: string) => void;
}

export function SignInForm({ settings: { demoAccounts, demoPassword }, busy, onSignIn, onUseToken }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [token, setToken] = useState("");
  const [bind, setBind] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSignIn(email, password, bind);
  };

  return (
    <>
      <label className="tessera-switch">
        <input type="checkbox" checked={bind} onChange={(e) => setBind(e.target.checked)} />
        Bind tokens to this browser (DPoP)
      </label>
      <p className="tessera-hint">
        Signed in with DPoP, the tokens are bound to a key this browser keeps and cannot export: a copied token is useless elsewhere.
      </p>
      {demoAccounts.length > 0 && demoPassword && (
        <section>
          <h2>Demo accounts</h2>
          <ul className="tessera-accounts">
            {demoAccounts.map((account) => (
              <li key={account.email}>
                <button type="button" disabled={busy} aria-label={`Sign in as ${account.email}`} onClick={() => onSignIn(account.email, demoPassword, bind)}>
                  {account.email} <span className="tessera-roles">{account.roles.join(", ")}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form onSubmit={submit}>
        <h2>Sign in</h2>
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onUseToken(token);
        }}
      >
        <h2>Use a token</h2>
        <p className="tessera-hint">An access token from your own identity provider (a trusted issuer), or any the API accepts. It is not refreshed.</p>
        <label>
          Access token
          <textarea required rows={3} spellCheck={false} autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Use this token
        </button>
      </form>
      <p className="tessera-hint">Signed out, requests are anonymous: public fields answer, guarded ones are denied.</p>
    </>
  );
}
