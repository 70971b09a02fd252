import { graphql } from "../helpers/graphql.js";

// What the subscription tests publish, through the real API.

export const POST_PUBLISHED = /* GraphQL */ `
  subscription { postPublished { id title status author { displayName } } }
`;
export const POST_PUBLISHED_WITH_NOTES = /* GraphQL */ `subscription { postPublished { id reviewNotes } }`;

const CREATE_POST = /* GraphQL */ `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`;
const PUBLISH_POST = /* GraphQL */ `mutation ($id: ID!, $reviewNotes: String) { publishPost(id: $id, reviewNotes: $reviewNotes) { id } }`;

let sequence = 0;

/** A new DRAFT by the token's user; returns its id and title. */
export async function draft(url: string, token: string): Promise<{ id: string; title: string }> {
  const title = `post-${Date.now().toString(36)}-${sequence++}`;
  const response = await graphql(url, CREATE_POST, { input: { title, body: `body of ${title}` } }, { token });
  if (!response.body.data?.createPost) throw new Error(`createPost failed: ${JSON.stringify(response.body)}`);
  return { id: response.body.data.createPost.id, title };
}

/** publishPost by an EDITOR's token. */
export async function publish(url: string, editorToken: string, id: string, reviewNotes: string | null = null): Promise<void> {
  const response = await graphql(url, PUBLISH_POST, { id, reviewNotes }, { token: editorToken });
  if (response.body.errors) throw new Error(`publishPost failed: ${JSON.stringify(response.body)}`);
}
