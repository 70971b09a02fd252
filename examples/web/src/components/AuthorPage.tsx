import { useQuery } from "@apollo/client/react";
import { AUTHOR } from "../operations/posts.js";
import { PostCard } from "./PostCard.js";

export function AuthorPage({ authorId, onBack }: { authorId: string; onBack: () => void }) {
  const { data, error } = useQuery(AUTHOR, { variables: { id: authorId } });
  const user = data?.user;
  return (
    <section aria-label="Author">
      <button type="button" onClick={onBack}>Back to all posts</button>
      {error && <p role="alert" className="error">{error.message}</p>}
      {data && !user && <p>No such author.</p>}
      {user && <h2>Posts by {user.displayName}</h2>}
      {user?.posts?.edges.map(({ node }) => <PostCard key={node.id} post={node} />)}
    </section>
  );
}
