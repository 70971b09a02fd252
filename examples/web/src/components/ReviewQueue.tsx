import { useMutation, useQuery } from "@apollo/client/react";
import { DRAFTS, PUBLISH_POST } from "../operations/posts.js";
import { PostCard } from "./PostCard.js";

/** For EDITORs: every draft (they may see them all), each with a Publish button. */
export function ReviewQueue() {
  const { data, error } = useQuery(DRAFTS);
  const [publishPost, publish] = useMutation(PUBLISH_POST, { refetchQueries: ["Drafts", "PublishedPosts"] });
  const drafts = data?.posts?.edges.map((edge) => edge.node) ?? [];

  return (
    <section aria-label="Awaiting review">
      <h2>Awaiting review</h2>
      {error && <p role="alert" className="error">{error.message}</p>}
      {data && drafts.length === 0 && <p>Nothing to review.</p>}
      {drafts.map((post) => (
        <PostCard key={post.id} post={post}>
          <button type="button" disabled={publish.loading} onClick={() => void publishPost({ variables: { id: post.id } })}>
            Publish
          </button>
        </PostCard>
      ))}
      {publish.error && <p role="alert" className="error">{publish.error.message}</p>}
    </section>
  );
}
