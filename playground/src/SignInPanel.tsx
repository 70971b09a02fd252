import { useState, useSyncExternalStore } from "react";
import type { PlaygroundSettings } from "../../src/http/playground-settings.js";
import type { SessionStore } from "./session.js";
import { SessionDetails } from "./SessionDetails.js";
import { SignInForm } from "./SignInForm.js";

/** Beside the editor: sign in (a demo account or typed credentials), see the session, sign out. */
export function SignInPanel({ sessions, settings }: { sessions: SessionStore; settings: PlaygroundSettings }) {
  const { session, notice } = useSyncExternalStore(sessions.subscribe, () => sessions.state);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="tessera-panel" aria-label="Session">
      <h1>Tessera playground</h1>
      {session ? (
        <SessionDetails session={session} busy={busy} onSignOut={() => run(() => sessions.signOut())} />
      ) : (
        <SignInForm
          settings={settings}
          busy={busy}
          onSignIn={(email, password, bind) => run(() => sessions.signIn(email, password, bind))}
          onUseToken={(token) => run(() => sessions.useToken(token))}
        />
      )}
      {notice && <p className="tessera-notice" role="status">{notice}</p>}
      {error && <p className="tessera-error" role="alert">{error}</p>}
    </aside>
  );
}
