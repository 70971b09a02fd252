import { useState, type FormEvent } from "react";
import type { PlaygroundSettings } from "../../src/http/playground-settings.js";

interface Props {
  settings: PlaygroundSettings;
  busy: boolean;
  onSignIn: (email: string, password: string) => void;
}

export function SignInForm({ settings: { demoAccounts, demoPassword }, busy, onSignIn }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSignIn(email, password);
  };

  return (
    <>
      {demoAccounts.length > 0 && demoPassword && (
        <section>
          <h2>Demo accounts</h2>
          <ul className="tessera-accounts">
            {demoAccounts.map((account) => (
              <li key={account.email}>
                <button type="button" disabled={busy} aria-label={`Sign in as ${account.email}`} onClick={() => onSignIn(account.email, demoPassword)}>
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
      <p className="tessera-hint">Signed out, requests are anonymous: public fields answer, guarded ones are denied.</p>
    </>
  );
}
