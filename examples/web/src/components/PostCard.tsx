import type { ReactNode } from "react";
import type { PostCardFragment } from "../gql/graphql.js";

/** A post; with onAuthor, its author's name opens their page. */
export function PostCard({ post, onAuthor, children }: { post: PostCardFragment; onAuthor?: (authorId: string) => void; children?: ReactNode }) {
  const author = post.author.displayName;
  return (
    <article aria-label={post.title}>
      <h3>{post.title}</h3>
      <p className="byline">
        by{" "}
        {onAuthor ? (
          <button type="button" className="link" onClick={() => onAuthor(post.author.id)}>{author}</button>
        ) : (
          author
        )}
      </p>
      <p>{post.body}</p>
      {children}
    </article>
  );
}
