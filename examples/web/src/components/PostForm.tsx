import type { FormEvent } from "react";

export interface PostFields {
  title: string;
  body: string;
}

/** The title and body of a post, for writing a new one or editing a draft. */
export function PostForm(props: { label: string; initial?: PostFields; busy: boolean; onSubmit: (fields: PostFields) => void }) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    props.onSubmit({ title: String(form.get("title")), body: String(form.get("body")) });
    if (!props.initial) event.currentTarget.reset();
  }
  return (
    <form onSubmit={submit} aria-label={props.label}>
      <label>
        Title
        <input name="title" required maxLength={200} defaultValue={props.initial?.title} />
      </label>
      <label>
        Body
        <textarea name="body" required rows={4} defaultValue={props.initial?.body} />
      </label>
      <button type="submit" disabled={props.busy}>{props.label}</button>
    </form>
  );
}
