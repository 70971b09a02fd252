import { useMutation } from "@apollo/client/react";
import { CREATE_POST } from "../operations/posts.js";
import { PostForm } from "./PostForm.js";

export function NewPost() {
  const [createPost, { loading, error }] = useMutation(CREATE_POST, { refetchQueries: ["Drafts"] });
  return (
    <section>
      <h2>New post</h2>
      <PostForm label="Save draft" busy={loading} onSubmit={(input) => void createPost({ variables: { input } })} />
      {error && <p role="alert" className="error">{error.message}</p>}
    </section>
  );
}
