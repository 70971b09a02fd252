/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment PostCard on Post {\n    id\n    title\n    body\n    status\n    updatedAt\n    author { id displayName }\n  }\n": typeof types.PostCardFragmentDoc,
    "\n  query PublishedPosts($first: Int = 20, $after: String) {\n    posts(first: $first, after: $after, status: PUBLISHED) {\n      edges { cursor node { ...PostCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.PublishedPostsDocument,
    "\n  query Drafts($authorId: ID, $first: Int = 50) {\n    posts(first: $first, authorId: $authorId, status: DRAFT) {\n      edges { cursor node { ...PostCard } }\n    }\n  }\n": typeof types.DraftsDocument,
    "\n  query Author($id: ID!, $first: Int = 20) {\n    user(id: $id) {\n      id\n      displayName\n      posts(first: $first) {\n        edges { cursor node { ...PostCard } }\n      }\n    }\n  }\n": typeof types.AuthorDocument,
    "\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) { ...PostCard }\n  }\n": typeof types.CreatePostDocument,
    "\n  mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {\n    updatePost(id: $id, input: $input) { ...PostCard }\n  }\n": typeof types.UpdatePostDocument,
    "\n  mutation PublishPost($id: ID!, $reviewNotes: String) {\n    publishPost(id: $id, reviewNotes: $reviewNotes) { ...PostCard reviewNotes }\n  }\n": typeof types.PublishPostDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresIn\n    user { id displayName roles }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) { ...SessionFields }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignOut($refreshToken: String) {\n    signOut(refreshToken: $refreshToken)\n  }\n": typeof types.SignOutDocument,
    "\n  query Me {\n    me { id displayName email roles }\n  }\n": typeof types.MeDocument,
};
const documents: Documents = {
    "\n  fragment PostCard on Post {\n    id\n    title\n    body\n    status\n    updatedAt\n    author { id displayName }\n  }\n": types.PostCardFragmentDoc,
    "\n  query PublishedPosts($first: Int = 20, $after: String) {\n    posts(first: $first, after: $after, status: PUBLISHED) {\n      edges { cursor node { ...PostCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.PublishedPostsDocument,
    "\n  query Drafts($authorId: ID, $first: Int = 50) {\n    posts(first: $first, authorId: $authorId, status: DRAFT) {\n      edges { cursor node { ...PostCard } }\n    }\n  }\n": types.DraftsDocument,
    "\n  query Author($id: ID!, $first: Int = 20) {\n    user(id: $id) {\n      id\n      displayName\n      posts(first: $first) {\n        edges { cursor node { ...PostCard } }\n      }\n    }\n  }\n": types.AuthorDocument,
    "\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) { ...PostCard }\n  }\n": types.CreatePostDocument,
    "\n  mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {\n    updatePost(id: $id, input: $input) { ...PostCard }\n  }\n": types.UpdatePostDocument,
    "\n  mutation PublishPost($id: ID!, $reviewNotes: String) {\n    publishPost(id: $id, reviewNotes: $reviewNotes) { ...PostCard reviewNotes }\n  }\n": types.PublishPostDocument,
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresIn\n    user { id displayName roles }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) { ...SessionFields }\n  }\n": types.SignInDocument,
    "\n  mutation SignOut($refreshToken: String) {\n    signOut(refreshToken: $refreshToken)\n  }\n": types.SignOutDocument,
    "\n  query Me {\n    me { id displayName email roles }\n  }\n": types.MeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PostCard on Post {\n    id\n    title\n    body\n    status\n    updatedAt\n    author { id displayName }\n  }\n"): (typeof documents)["\n  fragment PostCard on Post {\n    id\n    title\n    body\n    status\n    updatedAt\n    author { id displayName }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublishedPosts($first: Int = 20, $after: String) {\n    posts(first: $first, after: $after, status: PUBLISHED) {\n      edges { cursor node { ...PostCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query PublishedPosts($first: Int = 20, $after: String) {\n    posts(first: $first, after: $after, status: PUBLISHED) {\n      edges { cursor node { ...PostCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Drafts($authorId: ID, $first: Int = 50) {\n    posts(first: $first, authorId: $authorId, status: DRAFT) {\n      edges { cursor node { ...PostCard } }\n    }\n  }\n"): (typeof documents)["\n  query Drafts($authorId: ID, $first: Int = 50) {\n    posts(first: $first, authorId: $authorId, status: DRAFT) {\n      edges { cursor node { ...PostCard } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Author($id: ID!, $first: Int = 20) {\n    user(id: $id) {\n      id\n      displayName\n      posts(first: $first) {\n        edges { cursor node { ...PostCard } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Author($id: ID!, $first: Int = 20) {\n    user(id: $id) {\n      id\n      displayName\n      posts(first: $first) {\n        edges { cursor node { ...PostCard } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) { ...PostCard }\n  }\n"): (typeof documents)["\n  mutation CreatePost($input: CreatePostInput!) {\n    createPost(input: $input) { ...PostCard }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {\n    updatePost(id: $id, input: $input) { ...PostCard }\n  }\n"): (typeof documents)["\n  mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {\n    updatePost(id: $id, input: $input) { ...PostCard }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishPost($id: ID!, $reviewNotes: String) {\n    publishPost(id: $id, reviewNotes: $reviewNotes) { ...PostCard reviewNotes }\n  }\n"): (typeof documents)["\n  mutation PublishPost($id: ID!, $reviewNotes: String) {\n    publishPost(id: $id, reviewNotes: $reviewNotes) { ...PostCard reviewNotes }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresIn\n    user { id displayName roles }\n  }\n"): (typeof documents)["\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresIn\n    user { id displayName roles }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) { ...SessionFields }\n  }\n"): (typeof documents)["\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) { ...SessionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut($refreshToken: String) {\n    signOut(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation SignOut($refreshToken: String) {\n    signOut(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me { id displayName email roles }\n  }\n"): (typeof documents)["\n  query Me {\n    me { id displayName email roles }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;