import { graphql } from "../gql/index.js";

export const POST_CARD = graphql(`
  fragment PostCard on Post {
    id
    title
    body
    status
    updatedAt
    author { id displayName }
  }
`);

/** The home page: what everyone may read, newest first, a page at a time. */
export const PUBLISHED_POSTS = graphql(`
  query PublishedPosts($first: Int = 20, $after: String) {
    posts(first: $first, after: $after, status: PUBLISHED) {
      edges { cursor node { ...PostCard } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** The viewer's own drafts; for an EDITOR, without authorId, every draft awaiting review. */
export const DRAFTS = graphql(`
  query Drafts($authorId: ID, $first: Int = 50) {
    posts(first: $first, authorId: $authorId, status: DRAFT) {
      edges { cursor node { ...PostCard } }
    }
  }
`);

/** An author's page: their posts that the viewer may see. */
export const AUTHOR = graphql(`
  query Author($id: ID!, $first: Int = 20) {
    user(id: $id) {
      id
      displayName
      posts(first: $first) {
        edges { cursor node { ...PostCard } }
      }
    }
  }
`);

export const CREATE_POST = graphql(`
  mutation CreatePost($input: CreatePostInput!) {
    createPost(input: $input) { ...PostCard }
  }
`);

export const UPDATE_POST = graphql(`
  mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {
    updatePost(id: $id, input: $input) { ...PostCard }
  }
`);

export const PUBLISH_POST = graphql(`
  mutation PublishPost($id: ID!, $reviewNotes: String) {
    publishPost(id: $id, reviewNotes: $reviewNotes) { ...PostCard reviewNotes }
  }
`);
