import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { DRAFTS, UPDATE_POST } from "../operations/posts.js";
import { PostCard } from "./PostCard.js";
import { PostForm } from "./PostForm.js";

/** The viewer's own drafts, each editable in place. */
export function MyDrafts({ authorId }: { authorId: string }) {
  const { data, error } = useQuery(DRAFTS, { variables: { authorId } });
  const [updatePost, update] = useMutation(UPDATE_POST);
  const [editing, setEditing] = useState<string>();
  const drafts = data?.posts?.edges.map((edge) => edge.node) ?? [];

  return (
    <section aria-label="My drafts">
      <h2>My drafts</h2>
      {error && <p role="alert" className="error">{error.message}</p>}
      {data && drafts.length === 0 && <p>No drafts.</p>}
      {drafts.map((post) =>
        editing === post.id ? (
          <PostForm
            key={post.id}
            label="Save changes"
            initial={post}
            busy={update.loading}
            onSubmit={(input) => void updatePost({ variables: { id: post.id, input } }).then(() => setEditing(undefined))}
          />
        ) : (
          <PostCard key={post.id} post={post}>
            <button type="button" onClick={() => setEditing(post.id)}>Edit</button>
          </PostCard>
        ),
      )}
      {update.error && <p role="alert" className="error">{update.error.message}</p>}
    </section>
  );
}
