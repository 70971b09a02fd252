import { useApolloClient } from "@apollo/client/react";
import { useState, type FormEvent } from "react";
import { signIn } from "../apollo/session.js";
import type { TokenStore } from "@tessera/client";

export function SignInForm({ store }: { store: TokenStore }) {
  const client = useApolloClient();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await signIn(client, store, String(form.get("email")), String(form.get("password")));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "sign-in failed");
      setBusy(false);
    }
  }

  return (
    <main>
      <h1>Sign in to Tessera</h1>
      <form onSubmit={submit}>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button type="submit" disabled={busy}>Sign in</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </main>
  );
}
