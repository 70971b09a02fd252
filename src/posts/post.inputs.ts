import { Field, InputType } from "type-graphql";
import { z } from "zod";
import { BODY_MAX_LENGTH, TITLE_MAX_LENGTH } from "./post.model.js";

@InputType("CreatePostInput")
export class CreatePostInput {
  @Field({ description: `1 to ${TITLE_MAX_LENGTH} characters, trimmed.` })
  title!: string;

  @Field({ description: `1 to ${BODY_MAX_LENGTH} characters, trimmed.` })
  body!: string;
}

@InputType("UpdatePostInput", { description: "Only the fields given are changed." })
export class UpdatePostInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  body?: string | null;
}

const title = z.string().trim().min(1, "must not be empty").max(TITLE_MAX_LENGTH);
const body = z.string().trim().min(1, "must not be empty").max(BODY_MAX_LENGTH);

export const createPostSchema = z.object({ title, body });
export const updatePostSchema = z
  .object({ title: title.nullish(), body: body.nullish() })
  .refine((input) => input.title != null || input.body != null, "give a title or a body to change");
export const reviewNotesSchema = z.string().trim().max(BODY_MAX_LENGTH).nullish();
