import { graphql } from "../gql/index.js";

// Every document here is compiled by `npm run codegen` into typed documents under ../gql/.

export const SESSION_FIELDS = graphql(`
  fragment SessionFields on AuthPayload {
    accessToken
    refreshToken
    expiresIn
    user { id displayName roles }
  }
`);

export const SIGN_IN = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) { ...SessionFields }
  }
`);

/**
 * Sent by apollo/refresh.ts outside the link chain, so that it never waits on itself. In cookie mode the
 * variable is left out (here and in SignOut), and the API reads its httpOnly cookie instead.
 */
export const REFRESH_SESSION = graphql(`
  mutation RefreshSession($refreshToken: String) {
    refreshToken(refreshToken: $refreshToken) { ...SessionFields }
  }
`);

export const SIGN_OUT = graphql(`
  mutation SignOut($refreshToken: String) {
    signOut(refreshToken: $refreshToken)
  }
`);

/** The app shell: who is signed in. */
export const ME = graphql(`
  query Me {
    me { id displayName email roles }
  }
`);
