import mongoose, { Schema, type InferSchemaType } from "mongoose";

export enum PostStatus {
  DRAFT = "DRAFT",
  PUBLISHED = "PUBLISHED",
}

export const TITLE_MAX_LENGTH = 200;
export const BODY_MAX_LENGTH = 20_000;

const postSchema = new Schema(
  {
    title: { type: String, required: true, trim: true, maxlength: TITLE_MAX_LENGTH },
    body: { type: String, required: true, trim: true, maxlength: BODY_MAX_LENGTH },
    status: { type: String, enum: Object.values(PostStatus), default: PostStatus.DRAFT },
    authorId: { type: Schema.Types.ObjectId, required: true },
    reviewNotes: { type: String, default: null, maxlength: BODY_MAX_LENGTH },
    publishedAt: { type: Date, default: null },
  },
  { timestamps: true, strict: "throw" },
);

// Pages are read newest first (by _id), filtered by status and, for profiles, by author.
postSchema.index({ status: 1, _id: -1 });
postSchema.index({ authorId: 1, _id: -1 });

export type PostRecord = InferSchemaType<typeof postSchema> & { _id: mongoose.Types.ObjectId };

export const PostModel = mongoose.model("Post", postSchema);
