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

/** In cookie mode the variable is left out, and the API reads its httpOnly cookie instead. */
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
