import type { ReactNode } from "react";
import type { PostCardFragment } from "../gql/graphql.js";

export function PostCard({ post, children }: { post: PostCardFragment; children?: ReactNode }) {
  return (
    <article aria-label={post.title}>
      <h3>{post.title}</h3>
      <p className="byline">by {post.author.displayName}</p>
      <p>{post.body}</p>
      {children}
    </article>
  );
}
