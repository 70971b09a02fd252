/**
 * Every operation a Tessera frontend sends, written as a frontend would write it (named operations,
 * variables, shared fragments). test/limits/realistic-operations.test.ts runs each of them against the
 * default operation limits; an example app can import them as they are.
 */

export const USER_CHIP = /* GraphQL */ `
  fragment UserChip on User {
    id
    displayName
  }
`;

export const POST_CARD = /* GraphQL */ `
  fragment PostCard on Post {
    id
    title
    status
    createdAt
    updatedAt
    author { ...UserChip }
  }
  ${USER_CHIP}
`;

export const PAGE_INFO = /* GraphQL */ `
  fragment PageInfoParts on PageInfo {
    hasNextPage
    endCursor
  }
`;

export const SESSION = /* GraphQL */ `
  fragment Session on AuthPayload {
    accessToken
    tokenType
    expiresIn
    refreshToken
    refreshExpiresAt
    user { id displayName email roles createdAt }
  }
`;

/** Variables: email, password. */
export const SIGN_IN = /* GraphQL */ `
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) { ...Session }
  }
  ${SESSION}
`;

/** Variables: input { email, password, displayName }. */
export const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) { ...Session }
  }
  ${SESSION}
`;

/** Variables: refreshToken. */
export const REFRESH = /* GraphQL */ `
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) { ...Session }
  }
  ${SESSION}
`;

/** Variables: refreshToken, everywhere (optional). */
export const SIGN_OUT = /* GraphQL */ `
  mutation SignOut($refreshToken: String!, $everywhere: Boolean) {
    signOut(refreshToken: $refreshToken, everywhere: $everywhere)
  }
`;

/** Variables: currentPassword, newPassword. */
export const CHANGE_PASSWORD = /* GraphQL */ `
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { ...Session }
  }
  ${SESSION}
`;

/** The app shell: who is signed in, from the token and from the account. */
export const VIEWER = /* GraphQL */ `
  query Viewer {
    viewer { id roles scopes expiresAt }
    me { id displayName email roles createdAt }
  }
`;

/** The home feed. Variables: first (the frontend asks for 50), after, status. */
export const FEED = /* GraphQL */ `
  query Feed($first: Int = 50, $after: String, $status: PostStatus) {
    posts(first: $first, after: $after, status: $status) {
      edges {
        cursor
        node {
          ...PostCard
          body
          reviewNotes
        }
      }
      pageInfo { ...PageInfoParts }
    }
  }
  ${POST_CARD}
  ${PAGE_INFO}
`;

/** One post, with more from its author. Variables: id. */
export const POST_PAGE = /* GraphQL */ `
  query PostPage($id: ID!) {
    post(id: $id) {
      ...PostCard
      body
      reviewNotes
      author {
        ...UserChip
        posts(first: 5) {
          edges { node { id title createdAt } }
        }
      }
    }
  }
  ${POST_CARD}
`;

/** A user's profile page. Variables: id, first (20), after. */
export const USER_PROFILE = /* GraphQL */ `
  query UserProfile($id: ID!, $first: Int = 20, $after: String) {
    user(id: $id) {
      ...UserChip
      email
      roles
      createdAt
      posts(first: $first, after: $after) {
        edges { cursor node { ...PostCard body } }
        pageInfo { ...PageInfoParts }
      }
    }
  }
  ${POST_CARD}
  ${PAGE_INFO}
`;

/** The admin's user list. Variables: first (50), after. */
export const ADMIN_USERS = /* GraphQL */ `
  query AdminUsers($first: Int = 50, $after: String) {
    users(first: $first, after: $after) {
      edges { cursor node { ...UserChip email roles createdAt } }
      pageInfo { ...PageInfoParts }
    }
  }
  ${USER_CHIP}
  ${PAGE_INFO}
`;

/** Variables: input { title, body }. */
export const CREATE_POST = /* GraphQL */ `
  mutation CreatePost($input: CreatePostInput!) {
    createPost(input: $input) { ...PostCard body }
  }
  ${POST_CARD}
`;

/** Variables: id, input { title?, body? }. */
export const UPDATE_POST = /* GraphQL */ `
  mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {
    updatePost(id: $id, input: $input) { ...PostCard body }
  }
  ${POST_CARD}
`;

/** Variables: id, reviewNotes (optional). */
export const PUBLISH_POST = /* GraphQL */ `
  mutation PublishPost($id: ID!, $reviewNotes: String) {
    publishPost(id: $id, reviewNotes: $reviewNotes) { ...PostCard reviewNotes }
  }
  ${POST_CARD}
`;

/** Variables: id. */
export const DELETE_POST = /* GraphQL */ `
  mutation DeletePost($id: ID!) {
    deletePost(id: $id)
  }
`;

/** Variables: userId, roles. */
export const SET_USER_ROLES = /* GraphQL */ `
  mutation SetUserRoles($userId: ID!, $roles: [Role!]!) {
    setUserRoles(userId: $userId, roles: $roles) { ...UserChip email roles }
  }
  ${USER_CHIP}
`;

/** Every document above, by operation name. */
export const FRONTEND_OPERATIONS = {
  SignIn: SIGN_IN,
  SignUp: SIGN_UP,
  Refresh: REFRESH,
  SignOut: SIGN_OUT,
  ChangePassword: CHANGE_PASSWORD,
  Viewer: VIEWER,
  Feed: FEED,
  PostPage: POST_PAGE,
  UserProfile: USER_PROFILE,
  AdminUsers: ADMIN_USERS,
  CreatePost: CREATE_POST,
  UpdatePost: UPDATE_POST,
  PublishPost: PUBLISH_POST,
  DeletePost: DELETE_POST,
  SetUserRoles: SET_USER_ROLES,
} as const;

export type FrontendOperationName = keyof typeof FRONTEND_OPERATIONS;
