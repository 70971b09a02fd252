import { useQuery } from "@apollo/client/react";
import { PUBLISHED_POSTS } from "../operations/posts.js";
import { PostCard } from "./PostCard.js";

export function PublishedPosts({ onAuthor }: { onAuthor: (authorId: string) => void }) {
  const { data, error, fetchMore } = useQuery(PUBLISHED_POSTS);
  const posts = data?.posts?.edges.map((edge) => edge.node) ?? [];
  const pageInfo = data?.posts?.pageInfo;
  return (
    <section aria-label="Published posts">
      <h2>Published posts</h2>
      {error && <p role="alert" className="error">{error.message}</p>}
      {data && posts.length === 0 && <p>Nothing published yet.</p>}
      {posts.map((post) => <PostCard key={post.id} post={post} onAuthor={onAuthor} />)}
      {pageInfo?.hasNextPage && (
        <button type="button" onClick={() => void fetchMore({ variables: { after: pageInfo.endCursor } })}>Load more</button>
      )}
    </section>
  );
}
