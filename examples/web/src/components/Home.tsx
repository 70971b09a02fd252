import { useApolloClient, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { signOut } from "../apollo/session.js";
import type { TokenStore } from "@tessera/client";
import { ME } from "../operations/session.js";
import { AuthorPage } from "./AuthorPage.js";
import { MyDrafts } from "./MyDrafts.js";
import { NewPost } from "./NewPost.js";
import { PublishedPosts } from "./PublishedPosts.js";
import { ReviewQueue } from "./ReviewQueue.js";

export function Home({ store }: { store: TokenStore }) {
  const client = useApolloClient();
  const { data, error } = useQuery(ME);
  const [authorId, setAuthorId] = useState<string>();
  const me = data?.me;
  const reviews = me?.roles?.some((role) => role === "EDITOR" || role === "ADMIN") ?? false;

  return (
    <main>
      <header>
        <h1>Tessera</h1>
        <p>
          {me && <span>Signed in as <strong>{me.displayName}</strong> </span>}
          <button type="button" onClick={() => void signOut(client, store)}>Sign out</button>
        </p>
      </header>
      {error && <p role="alert" className="error">{error.message}</p>}
      {authorId ? (
        <AuthorPage authorId={authorId} onBack={() => setAuthorId(undefined)} />
      ) : (
        <>
          {me && (
            <>
              <NewPost />
              <MyDrafts authorId={me.id} />
              {reviews && <ReviewQueue />}
            </>
          )}
          <PublishedPosts onAuthor={setAuthorId} />
        </>
      )}
    </main>
  );
}
